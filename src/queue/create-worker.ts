import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { resolveQueueSetting } from '../queue-options.js';
import { createJobProcessor, RELEASE } from './job-processor.js';
import { checkQueueName, type QueueTarget } from './open-queue.js';
import { createRecognizerPool } from './recognizer-pool.js';
import { connectRedis } from './redis-connection.js';
import { wireWorkerEvents, type WorkerEvent } from './worker-events.js';

export type { WorkerEvent } from './worker-events.js';

/** How a worker runs. */
export interface WorkerSettings extends QueueTarget {
  /** Jobs run at once in this process (they share its recognizer): 1 to 256. Default QUEUE_DEFAULTS.concurrency (1). */
  concurrency?: number;
  /**
   * Ms a job's lock lives without renewal (QUEUE_LIMITS: 10,000 to 86,400,000): a killed worker's job is redone
   * after about this long. Default QUEUE_DEFAULTS.lockDuration (30,000).
   */
  lockDuration?: number;
  /** Called for each job event and connection error (the CLI prints them). */
  onEvent?(event: WorkerEvent): void;
}

/** A running worker. */
export interface FerWorker {
  /** The name jobs record as `processedBy`: host:pid. */
  readonly name: string;
  /** The underlying BullMQ worker. */
  readonly worker: Worker;
  /** Stop taking jobs and finish the running ones, or with `release` put them back in the queue at once. */
  stop(release?: boolean): Promise<void>;
  /** Resolves once stopped and the recognizers are disposed. */
  readonly closed: Promise<void>;
}

/**
 * Start a worker process's share of the queue: it pulls jobs, runs them with one recognizer per
 * option set (loaded once, normally just one), reports frames done/total as job progress, and returns
 * the summary as the job's value. A bad input fails its job at once with the FerError code and message;
 * other errors are retried with back-off by BullMQ. A job whose worker dies is redone by another.
 * @example
 * const w = await createWorker({ connection: 'redis://127.0.0.1:6379', concurrency: 1 });
 * process.once('SIGTERM', () => w.stop());
 * await w.closed;
 */
export async function createWorker(settings: WorkerSettings): Promise<FerWorker> {
  const queue = checkQueueName(settings.queue);
  const concurrency = resolveQueueSetting('concurrency', settings.concurrency);
  const lockDuration = resolveQueueSetting('lockDuration', settings.lockDuration);
  const emit = settings.onEvent ?? (() => undefined);
  const client = await connectRedis(settings.connection, {
    onError: (e) => emit({ type: 'error', message: e.message }),
    onNoAnswer: (message) => emit({ type: 'waiting', message }),
  });
  const pool = createRecognizerPool();
  const name = `${hostname()}:${process.pid}`;
  const processor = createJobProcessor(pool, (id, input) => emit({ type: 'released', id, input }));
  const worker = new Worker(queue, processor, {
    connection: client,
    concurrency,
    lockDuration,
    lockRenewTime: lockDuration / 4,
    stalledInterval: Math.max(1000, lockDuration / 2),
    maxStalledCount: 2,
    name,
  });
  wireWorkerEvents(worker, emit);
  let closing: Promise<void> | null = null;
  const stop = (release = false): Promise<void> => {
    if (release) worker.cancelAllJobs(RELEASE);
    closing ??= worker.close().then(async () => {
      await pool.dispose();
      client.disconnect();
    });
    return closing;
  };
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  worker.once('closed', () => void stop().then(resolveClosed));
  await worker.waitUntilReady();
  return { name, worker, stop, closed };
}
