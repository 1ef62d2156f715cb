/**
 * Preload for benchmarked commands (node --import): writes the process's peak resident memory (KiB) to
 * $FER_BENCH_RSS_FILE at exit. On Linux it is VmHWM from /proc/self/status, the peak of this program's own
 * memory: getrusage's maxRSS also keeps the RSS of the parent at fork time across exec, so a child of the
 * bench (which holds models) would report the bench's size.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Peak resident memory in KiB: VmHWM where /proc exists, else getrusage's maxRSS. */
function peakKib(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    /* no /proc: fall back to getrusage */
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.FER_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKib())));
