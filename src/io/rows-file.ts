import { closeSync, openSync, writeSync } from 'node:fs';
import { FerError } from '../errors.js';

/**
 * A text file written line by line with synchronous writes, so every row already produced is on disk
 * even if the process is interrupted or crashes.
 * @example
 * const f = openRowsFile('out/a.csv', 'header'); f.append('row'); f.close();
 */
export function openRowsFile(path: string, header?: string): { append(line: string): void; close(): void } {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new FerError('OUTPUT_UNWRITABLE', `cannot write ${path} (${(e as NodeJS.ErrnoException).code})`, 'choose a writable folder with -o', { cause: e });
  }
  const append = (line: string): void => {
    writeSync(fd, line.endsWith('\n') ? line : line + '\n');
  };
  if (header) append(header);
  return { append, close: () => closeSync(fd) };
}
