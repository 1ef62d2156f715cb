import { FerError } from '../errors.js';

/** System error codes that mean the disk (or the file size limit) is full. */
const FULL = ['ENOSPC', 'EDQUOT', 'EFBIG'];

/**
 * The hint for a failed write: free space for a full disk, a writable folder for a refused one.
 * @example
 * outputHint('ENOSPC'); // 'the disk is full: free space, or choose another folder with -o'
 */
export function outputHint(code: string | undefined): string {
  if (code && FULL.includes(code)) return 'the disk is full: free space, or choose another folder with -o';
  if (code && ['EACCES', 'EPERM', 'EROFS'].includes(code)) return 'choose a writable folder with -o';
  return 'check the output folder (-o) and free disk space';
}

/**
 * OUTPUT_UNWRITABLE for a failed write of `what`, with the system error code and a hint that fits it.
 * @example
 * throw writeFailure(e, 'out/results.csv');
 */
export function writeFailure(error: unknown, what: string): FerError {
  if (error instanceof FerError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const detail = code === 'ENOSPC' ? 'disk full' : (code ?? (error as Error)?.message ?? String(error));
  return new FerError('OUTPUT_UNWRITABLE', `cannot write ${what} (${detail})`, outputHint(code), { cause: error });
}
