/**
 * fer's job queue (the `fer-esr9/queue` entry): BullMQ on Redis, kept apart from the library entry so that
 * `import 'fer-esr9'` does not load BullMQ and ioredis.
 * @example
 * import { createWorker, enqueue } from 'fer-esr9/queue';
 * await enqueue(['clips/'], { output: 'out/' }, { connection: 'redis://127.0.0.1:6379' });
 * const worker = await createWorker({ connection: 'redis://127.0.0.1:6379' });
 */
export { enqueue, type EnqueueReport, type EnqueueSettings } from './enqueue.js';
export { createWorker, type FerWorker, type WorkerEvent, type WorkerSettings } from './create-worker.js';
export { cleanQueue, getQueueStatus, type QueueStatus } from './queue-status.js';
export { DEFAULT_QUEUE, type QueueTarget } from './open-queue.js';
export { DEFAULT_REDIS_URL, redactRedisUrl } from './redis-connection.js';
export { validateJobData, type FerJobData, type JobOptions } from './job-data.js';
export type { JobSummary } from './run-job.js';
