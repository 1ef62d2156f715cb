import { checkInteger, describeRange, type IntegerRange } from './validate.js';

/** The queue's numeric settings (`fer queue add`, `fer worker`, enqueue(), createWorker()). */
type QueueNumber = 'attempts' | 'backoffMs' | 'concurrency' | 'lockDuration';

/**
 * Every queue default, beside DEFAULTS (src/options.ts): the one source of the CLI's, enqueue()'s and createWorker()'s.
 * @example
 * QUEUE_DEFAULTS.lockDuration; // 30000
 */
export const QUEUE_DEFAULTS = {
  queue: 'fer',
  redis: 'redis://127.0.0.1:6379',
  attempts: 3,
  backoffMs: 10_000,
  concurrency: 1,
  lockDuration: 30_000,
} as const;

/**
 * The bounds of the queue's numeric settings. Lock durations start at 10 s (a frame can hold the event loop for
 * seconds; a lapsed lock hands a live job to a second worker) and end at a day, as does the back-off: beyond
 * 2^31 - 1 ms Node's timers overflow and fire every millisecond.
 * @example
 * QUEUE_LIMITS.lockDuration; // { min: 10000, max: 86400000 }
 */
export const QUEUE_LIMITS: Readonly<Record<QueueNumber, IntegerRange>> = {
  attempts: { min: 1, max: 20 },
  backoffMs: { min: 0, max: 86_400_000 },
  concurrency: { min: 1, max: 256 },
  lockDuration: { min: 10_000, max: 86_400_000 },
};

/**
 * A queue setting, its default when undefined, checked against QUEUE_LIMITS (INVALID_OPTION naming it).
 * @example
 * resolveQueueSetting('attempts', undefined); // 3
 */
export function resolveQueueSetting(name: QueueNumber, value: number | undefined): number {
  return checkInteger(
    name,
    value ?? QUEUE_DEFAULTS[name],
    QUEUE_LIMITS[name],
    `pass ${describeRange(QUEUE_LIMITS[name])}, or leave it out for ${QUEUE_DEFAULTS[name]}`,
  );
}
