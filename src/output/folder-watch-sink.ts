import { statSync } from 'node:fs';
import { FerError } from '../errors.js';
import type { FrameSink } from './frame-sink.js';
import type { OutputFolder } from './output-folder.js';

/** The folder's identity (device and inode), or null when it is gone or no longer a folder. */
function folderIdentity(dir: string): string | null {
  try {
    const s = statSync(dir);
    return s.isDirectory() ? `${s.dev}:${s.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * A sink that writes nothing and checks, at every frame and at the end, that the output folder is still
 * the one the run opened: result files being written into a deleted folder are lost with it, and without
 * this check the run would learn it only at the end (as an MP4 with "no index"). Place it before the file
 * sinks, so that its failure is the one reported.
 * @example
 * const sinks = [folderWatchSink(out), ...videoFileSinks(out, stem, rate, render)];
 */
export function folderWatchSink(out: OutputFolder): FrameSink {
  const identity = folderIdentity(out.dir);
  let frames = 0;
  const check = (): void => {
    if (folderIdentity(out.dir) === identity) return;
    throw new FerError(
      'OUTPUT_UNWRITABLE',
      `the output folder ${out.dir} was deleted or replaced during the run (after ${frames} frame(s)); the results being written in it are lost`,
      'keep the -o folder until fer has finished, or choose another folder with -o',
    );
  };
  return {
    onFrame() {
      check();
      frames += 1;
    },
    close: (end) => (end.completed ? check() : undefined),
    files: () => [],
  };
}
