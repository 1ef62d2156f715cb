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
 * The process's own stdout and stderr.
 * @example
 * await main(process.argv, processIo());
 */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
  };
}
