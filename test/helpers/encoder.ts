import { readdirSync, readFileSync } from 'node:fs';

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
      if (ppid === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('libx264')) pids.push(Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return pids;
}

/** Kill -9 the first MP4 encoder of `parent` once it has run `afterMs`; resolves with whether one was killed. */
export async function killEncoderOf(parent: number, afterMs = 500, waitMs = 120_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < waitMs; await new Promise((r) => setTimeout(r, 100))) {
    const [pid] = encoderPids(parent);
    if (pid === undefined) continue;
    await new Promise((r) => setTimeout(r, afterMs));
    process.kill(pid, 'SIGKILL');
    return true;
  }
  return false;
}
