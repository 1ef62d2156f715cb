import { FerError } from './errors.js';

/**
 * Type and range predicates for checking what callers pass, in the spirit of sharp's `is`: every check of
 * options, job data, queue settings and library calls is written with these and invalidParameterError().
 * @example
 * if (!is.integer(n) || !is.inRange(n, 1, 20)) throw invalidParameterError('attempts', 'an integer from 1 to 20', n);
 */
export const is = {
  /** Whether a value is neither undefined nor null. */
  defined: (value: unknown): boolean => value !== undefined && value !== null,
  /** Whether a value is true or false. */
  bool: (value: unknown): value is boolean => typeof value === 'boolean',
  /** Whether a value is a finite number (not NaN, not Infinity, not a numeric string). */
  number: (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value),
  /** Whether a value is a safe integer. */
  integer: (value: unknown): value is number => Number.isSafeInteger(value),
  /** Whether a number lies in [min, max]. */
  inRange: (value: number, min: number, max: number): boolean => value >= min && value <= max,
  /** Whether a value is a non-empty string. */
  string: (value: unknown): value is string => typeof value === 'string' && value.length > 0,
  /** Whether a value is one of a list (compared with ===). */
  inArray: <T>(value: unknown, list: readonly T[]): value is T => list.includes(value as T),
  /** Whether a value is a plain object (not null, an array, a Buffer or a class instance). */
  plainObject: (value: unknown): value is Record<string, unknown> => {
    if (typeof value !== 'object' || value === null) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  },
};

/**
 * How a received value is shown in an error: numbers as JavaScript prints them (Infinity, NaN, -5),
 * strings quoted, short objects and arrays as JSON, anything else by its type.
 * @example
 * describeValue(Infinity); // 'Infinity'
 * describeValue('abc');    // '"abc"'
 */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json !== undefined && json.length <= 60) return json;
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The one error for a bad option or argument: INVALID_OPTION, `invalid NAME: RECEIVED (expected EXPECTED)`, and a hint.
 * @example
 * throw invalidParameterError('fps', 'a number >= 0', -5, 'see fer video --help'); // "invalid fps: -5 (expected a number >= 0)"
 */
export function invalidParameterError(
  name: string,
  expected: string,
  actual: unknown,
  hint = 'see fer --help',
): FerError {
  return new FerError('INVALID_OPTION', `invalid ${name}: ${describeValue(actual)} (expected ${expected})`, hint);
}

/** An inclusive range of integers. */
export interface IntegerRange {
  min: number;
  max: number;
}

/**
 * How an integer range reads in messages (the CLI's too).
 * @example
 * describeRange({ min: 1, max: 20 }); // 'an integer from 1 to 20'
 */
export function describeRange(range: IntegerRange): string {
  return `an integer from ${range.min} to ${range.max}`;
}

/**
 * Check an integer setting against its range; returns it, or throws invalidParameterError().
 * @example
 * checkInteger('attempts', 3, { min: 1, max: 20 }, 'pass --attempts N'); // 3
 */
export function checkInteger(name: string, value: unknown, range: IntegerRange, hint?: string): number {
  if (!is.integer(value) || !is.inRange(value, range.min, range.max))
    throw invalidParameterError(name, describeRange(range), value, hint);
  return value;
}
