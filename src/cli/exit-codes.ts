import type { FerErrorCode } from '../errors.js';

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INPUT_MISSING: 3,
  INPUT_BAD: 4,
  MODEL: 5,
  ENGINE: 6,
  OUTPUT: 7,
  PARTIAL: 8,
  QUEUE: 9,
  INTERRUPTED: 130,
  TERMINATED: 143,
} as const;

const BY_CODE: Record<FerErrorCode, number> = {
  INVALID_OPTION: EXIT.USAGE,
  INPUT_NOT_FOUND: EXIT.INPUT_MISSING,
  INPUT_IS_DIRECTORY: EXIT.INPUT_BAD,
  INPUT_EMPTY: EXIT.INPUT_BAD,
  INPUT_UNSUPPORTED: EXIT.INPUT_BAD,
  INPUT_CORRUPT: EXIT.INPUT_BAD,
  INPUT_TOO_LARGE: EXIT.INPUT_BAD,
  MODEL_MISSING: EXIT.MODEL,
  MODEL_INVALID: EXIT.MODEL,
  ENGINE_UNAVAILABLE: EXIT.ENGINE,
  OUTPUT_UNWRITABLE: EXIT.OUTPUT,
  QUEUE_UNAVAILABLE: EXIT.QUEUE,
  PORT_UNAVAILABLE: EXIT.USAGE,
  DISPOSED: EXIT.INTERNAL,
};

/**
 * The exit code for a FerError code.
 * @example
 * exitCodeFor('INPUT_NOT_FOUND'); // 3
 */
export function exitCodeFor(code: FerErrorCode): number {
  return BY_CODE[code] ?? EXIT.INTERNAL;
}
