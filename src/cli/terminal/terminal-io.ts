/** The process event processIo() emits once when the program reading stdout has gone (EPIPE). */
export const STDOUT_CLOSED = 'fer:stdout-closed';

/** Where a command writes text: results on `out` (stdout), messages and progress bars on `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
  /** Width of the `err` terminal in characters, when known. */
  columns?: number;
}

/**
 * The process's own stdout and stderr. When stdout's reader goes away (EPIPE), later output is dropped and
 * STDOUT_CLOSED is emitted on `process` for the run's signal watch, so the run stops and saves instead of crashing.
 * @example
 * await main(process.argv, processIo());
 */
export function processIo(): Io {
  let readerGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (readerGone) return;
    readerGone = true; // `fer … --json | head -2`: stop as at a signal (the run saves what it has) and drop later output
    (process as NodeJS.EventEmitter).emit(STDOUT_CLOSED);
  });
  return {
    out: (t) => {
      if (!readerGone) process.stdout.write(t);
    },
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
  };
}

/** Resolve once everything written to `stream` so far has reached the system (the reader has it), or the reader is gone. */
function whenWritten(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.once('error', () => resolve()); // EPIPE: the reader has gone, nothing more can reach it
    stream.write('', () => resolve());
  });
}

/**
 * End the process with `code` once stdout and stderr have been written out: a pipe to a slow reader
 * (`fer image --json | cat`) holds only 64 KiB, and exiting before the rest is written would cut the
 * output short. Only bin/fer.js calls it; a process ended by it never aborts natively (the library's
 * worker threads hold the exit until they are outside native code).
 * @example
 * await exitAfterOutput(await main(process.argv));
 */
export async function exitAfterOutput(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([whenWritten(process.stdout), whenWritten(process.stderr)]);
  process.exit(code);
}
