import type { ChildProcess } from 'node:child_process';
import type { FfmpegCommand } from 'fluent-ffmpeg';

/** The ffmpeg processes this process started that are still running. */
const running = new Set<ChildProcess>();

/** Kill every running ffmpeg child at once (SIGKILL: they hold no state worth saving). */
function killAll(): number {
  const count = running.size;
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  return count;
}

/**
 * Remember the ffmpeg process a command starts until it exits, so that `killFfmpegChildren()` and
 * this process's exit end it (an ffmpeg waiting on a silent network input never notices that its
 * parent has gone). Returns the command.
 * @example
 * const cmd = trackFfmpeg(ffmpeg(url).output('-')); cmd.run();
 */
export function trackFfmpeg(cmd: FfmpegCommand): FfmpegCommand {
  cmd.on('start', () => {
    const child = (cmd as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
    if (!child || child.exitCode !== null) return;
    if (running.size === 0) process.once('exit', killAll);
    running.add(child);
    child.once('exit', () => {
      running.delete(child);
      if (running.size === 0) process.removeListener('exit', killAll);
    });
  });
  return cmd;
}

/**
 * Kill every ffmpeg process started through `trackFfmpeg` that is still running; returns how many.
 * The CLI calls it when a second signal asks it to stop at once.
 * @example
 * process.on('SIGTERM', () => { killFfmpegChildren(); process.exit(143); });
 */
export function killFfmpegChildren(): number {
  process.removeListener('exit', killAll);
  return killAll();
}
