import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { writeFailure } from '../io/write-failure.js';

/** A text file written line by line. */
export interface RowsFile {
  /** Append one line (a newline is added when missing); throws OUTPUT_UNWRITABLE, leaving the file at its last whole line. */
  append(line: string): void;
  close(): void;
}

/**
 * A text file written line by line with synchronous writes, so every row already produced is on disk
 * even if the process is interrupted; a write that fails half way (disk full) is cut back to the last
 * whole line, so the file never ends in half a row.
 * @example
 * const f = openRowsFile('out/a.csv', 'header'); f.append('row'); f.close();
 */
export function openRowsFile(path: string, header?: string): RowsFile {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw writeFailure(e, path);
  }
  let length = 0;
  const append = (line: string): void => {
    const bytes = Buffer.from(line.endsWith('\n') ? line : line + '\n');
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, length + done);
      length += bytes.length;
    } catch (e) {
      try {
        ftruncateSync(fd, length);
      } catch {
        // the write's own failure is the one to report
      }
      throw writeFailure(e, path);
    }
  };
  if (header) append(header);
  return { append, close: () => closeSync(fd) };
}
