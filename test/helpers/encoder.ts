import { readdirSync, readFileSync, statSync } from 'node:fs';
import { waitFor } from './wait-for.js';

/** Whether /proc can be read to find child processes (Linux). */
export const NO_PROC = process.platform === 'linux' ? false : 'needs /proc (Linux) to find the encoder process';

/** The pids of the MP4 encoders (ffmpeg with libx264) whose parent is `parent`. */
export function encoderPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('libx264'))
        pids.push(Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return pids;
}

/** Bytes so far in the file encoder `pid` writes (the last argument of its command line); 0 while there is none. */
function outputBytes(pid: number): number {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return statSync(args[args.length - 1]).size;
  } catch {
    return 0; // not written yet, or the process ended while being read
  }
}

/**
 * Kill -9 the first MP4 encoder of `parent` once it has begun its MP4 (ffmpeg writes the file's header
 * when its first frame arrives), so that it dies mid-write on any machine; resolves with its pid, or
 * rejects when none has begun within `timeoutMs`.
 * @example
 * const [, error] = await Promise.all([killEncoderOf(process.pid), runJob(recognizer, data).catch((e) => e)]);
 */
export async function killEncoderOf(parent: number, timeoutMs = 120_000): Promise<number> {
  const encoders = await waitFor(() => encoderPids(parent).map((pid) => ({ pid, bytes: outputBytes(pid) })), {
    what: `an MP4 encoder (ffmpeg) of process ${parent} to begin its file`,
    until: (list) => list.some((e) => e.bytes > 0),
    timeoutMs,
    intervalMs: 20,
  });
  const { pid } = encoders.find((e) => e.bytes > 0)!;
  process.kill(pid, 'SIGKILL');
  return pid;
}
