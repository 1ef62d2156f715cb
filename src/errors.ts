/** Every failure fer reports on purpose, by code. The CLI maps codes to exit codes. */
export type FerErrorCode =
  | 'INVALID_OPTION'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_IS_DIRECTORY'
  | 'INPUT_EMPTY'
  | 'INPUT_UNSUPPORTED'
  | 'INPUT_CORRUPT'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_ENDED_EARLY'
  | 'MODEL_MISSING'
  | 'MODEL_INVALID'
  | 'ENGINE_UNAVAILABLE'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_LOCKED'
  | 'QUEUE_UNAVAILABLE'
  | 'PORT_UNAVAILABLE'
  | 'DISPOSED'
  | 'JOB_CANCELLED';

/**
 * The one error type fer throws: a stable `code`, a one-line `message` naming the input, and a `hint`.
 * @example
 * try { await recognizer.recognize('missing.jpg'); }
 * catch (e) { if (e instanceof FerError) console.error(e.code, e.message, e.hint); }
 */
export class FerError extends Error {
  readonly code: FerErrorCode;
  readonly hint: string;

  constructor(code: FerErrorCode, message: string, hint = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FerError';
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Wrap an unknown failure as a FerError of the given code unless it already is one.
 * @example
 * throw toFerError(e, 'INPUT_CORRUPT', 'corrupt image: a.jpg');
 */
export function toFerError(error: unknown, code: FerErrorCode, message: string, hint = ''): FerError {
  if (error instanceof FerError) return error;
  return new FerError(code, message, hint, { cause: error });
}
