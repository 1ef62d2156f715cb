/** Queue name used when none is given (kept apart from the BullMQ code so the CLI can show it without loading BullMQ). */
export const DEFAULT_QUEUE = 'fer';

/** Redis URL used when neither --redis nor $FER_REDIS_URL is given. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
