import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';

/** How long a wait lasts unless told otherwise: far longer than any awaited event takes on a busy machine. */
export const WAIT_MS = 60_000;

/** What to wait for and how long. */
export interface WaitOptions {
  /** What is awaited, for the failure message ("worker A to be 2 frames into a job"). */
  what: string;
  /** Fail after this many ms (default WAIT_MS). */
  timeoutMs?: number;
  /** Ms between two looks (default 50). */
  intervalMs?: number;
}

/**
 * A value as a failure message shows it: one line, long strings cut.
 * @example
 * describeValue({ rows: 3 }); // '{ rows: 3 }'
 */
export function describeValue(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 2000, maxArrayLength: 20 });
}

/**
 * The error a wait fails with: what it waited for, for how long and what it saw last.
 * @example
 * throw timeoutError('the CSV to have 5 rows', 60_000, 2);
 */
export function timeoutError(what: string, ms: number, last: unknown): Error {
  return new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${describeValue(last)}`);
}

/**
 * Look at `observe()` every `intervalMs` until `until(value)` holds (by default: the value is truthy)
 * and resolve with that value; after `timeoutMs` throw an Error naming `what` and the last value seen.
 * An error thrown by `observe` fails the wait at once.
 * @example
 * const id = await waitFor(() => /^start (\S+)/m.exec(log())?.[1], { what: 'the worker to start a job' });
 * const rows = await waitFor(() => countRows(file), { what: '5 rows', until: (n) => n >= 5 });
 */
export async function waitFor<T>(
  observe: () => T | Promise<T>,
  o: WaitOptions & { until?: (value: T) => boolean },
): Promise<T> {
  const { what, timeoutMs = WAIT_MS, intervalMs = 50, until = Boolean } = o;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await observe();
    if (until(value)) return value;
    if (Date.now() >= deadline) throw timeoutError(what, timeoutMs, value);
    await delay(intervalMs);
  }
}

/**
 * Settle as `promise` does, or reject naming `what` once `ms` have passed without it settling. A
 * watchdog against a hang (so that the test fails with a clear message instead of running until the
 * runner's limit), not a speed check: choose `ms` far above the time the work takes. `what` may be a
 * function, read when the watchdog fires; `onExpire` runs first (to kill a stuck process, say).
 * @example
 * await watchdog(viewer.end(), 10_000, 'viewer.end() with a client that never reads');
 */
export function watchdog<T>(
  promise: Promise<T>,
  ms: number,
  what: string | (() => string),
  onExpire?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire?.();
      reject(
        new Error(`watchdog: ${typeof what === 'string' ? what : what()} had not finished after ${ms} ms (it hangs)`),
      );
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Complete rows (newline-ended lines after the header) of the file in `dir` whose name ends with `name`; 0 while there is none. */
function csvRowsIn(dir: string, name: string): number {
  const file = readdirSync(dir).find((f) => f.endsWith(name));
  return file ? Math.max(0, readFileSync(join(dir, file), 'utf8').split('\n').length - 2) : 0;
}

/**
 * Wait until the CSV being written in `dir` (under a temporary name ending with `name` until the run
 * ends, then `name`) has at least `rows` complete rows; resolves with how many it has.
 * @example
 * await waitForCsvRows(out, 'clip_fer.csv', 5);
 */
export function waitForCsvRows(dir: string, name: string, rows: number, timeoutMs = WAIT_MS): Promise<number> {
  return waitFor(() => csvRowsIn(dir, name), {
    what: `${rows} rows in ${join(dir, name)}`,
    until: (n) => n >= rows,
    timeoutMs,
    intervalMs: 100,
  });
}
