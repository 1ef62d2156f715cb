import { QUEUE_DEFAULTS, QUEUE_LIMITS } from '../queue-options.js';

/** Queue name used when none is given (QUEUE_DEFAULTS.queue; kept apart from the BullMQ code so the CLI can show it without loading BullMQ). */
export const DEFAULT_QUEUE = QUEUE_DEFAULTS.queue;

/** Redis URL used when neither --redis nor $FER_REDIS_URL is given (QUEUE_DEFAULTS.redis). */
export const DEFAULT_REDIS_URL = QUEUE_DEFAULTS.redis;

/**
 * The shortest job lock a worker accepts, in ms (QUEUE_LIMITS.lockDuration.min): a frame (a large image with
 * Grad-CAM on a loaded machine) can hold the event loop for seconds, and a lock that lapses meanwhile hands a
 * live job to a second worker, which runs it twice.
 * @example
 * createWorker({ connection, lockDuration: MIN_LOCK_DURATION });
 */
export const MIN_LOCK_DURATION = QUEUE_LIMITS.lockDuration.min;
