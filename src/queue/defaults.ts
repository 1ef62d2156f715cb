/** Queue name used when none is given (kept apart from the BullMQ code so the CLI can show it without loading BullMQ). */
export const DEFAULT_QUEUE = 'fer';

/** Redis URL used when neither --redis nor $FER_REDIS_URL is given. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The shortest job lock a worker accepts, in ms: a frame (a large image with Grad-CAM on a loaded
 * machine) can hold the event loop for seconds, and a lock that lapses meanwhile hands a live job to a
 * second worker, which runs it twice.
 * @example
 * createWorker({ connection, lockDuration: MIN_LOCK_DURATION });
 */
export const MIN_LOCK_DURATION = 10_000;
