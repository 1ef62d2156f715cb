/** Preload for benchmarked commands (node --import): writes the process's peak resident memory (KiB) to $FER_BENCH_RSS_FILE at exit. */
import { writeFileSync } from 'node:fs';

const file = process.env.FER_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
