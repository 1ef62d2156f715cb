import { hostname } from 'node:os';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { FerError, type FerErrorCode } from '../errors.js';
import type { FerOptions } from '../options.js';
import { createRecognizer, type Recognizer } from '../pipeline/recognizer.js';
import { validateJobData } from './job-data.js';
import { checkQueueName, type QueueTarget } from './open-queue.js';
import { connectRedis } from './redis-connection.js';
import { type JobSummary, runJob } from './run-job.js';

/** How a worker runs. */
export interface WorkerSettings extends QueueTarget {
  /** Jobs run at once in this process (they share its recognizer). Default 1. */
  concurrency?: number;
  /** Ms a job's lock lives without renewal: a killed worker's job is redone after about this long. Default 30,000. */
  lockDuration?: number;
  /** Called for each job event and connection error (the CLI prints them). */
  onEvent?(event: WorkerEvent): void;
}

/** What happened in a worker. */
export type WorkerEvent =
  | { type: 'start'; id: string; input: string }
  | { type: 'done'; id: string; input: string; summary: JobSummary; seconds: number }
  | { type: 'failed'; id: string; input: string; reason: string; retry: boolean }
  | { type: 'released'; id: string; input: string }
  | { type: 'stalled'; id: string }
  | { type: 'error'; message: string }
  | { type: 'waiting'; message: string };

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

/** Inputs that fail the same way on every try: their jobs fail at once, without retries. */
const BAD_INPUT: FerErrorCode[] = ['INPUT_IS_DIRECTORY', 'INPUT_EMPTY', 'INPUT_UNSUPPORTED', 'INPUT_CORRUPT', 'INPUT_TOO_LARGE', 'INVALID_OPTION'];
const RELEASE = 'released by a stopping worker';

/** Check a positive integer setting. */
function checkCount(name: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min)) throw new FerError('INVALID_OPTION', `invalid ${name}: ${value} (expected an integer >= ${min})`, `pass --${name} N`);
  return value;
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
  const concurrency = checkCount('concurrency', settings.concurrency ?? 1, 1);
  const lockDuration = checkCount('lock-duration', settings.lockDuration ?? 30_000, 1000);
  const emit = settings.onEvent ?? (() => undefined);
  const client = await connectRedis(settings.connection, { onError: (e) => emit({ type: 'error', message: e.message }), onNoAnswer: (message) => emit({ type: 'waiting', message }) });
  const recognizers = new Map<string, Promise<Recognizer>>();
  const recognizerFor = (options: FerOptions): Promise<Recognizer> => {
    const key = JSON.stringify(options);
    if (!recognizers.has(key)) recognizers.set(key, createRecognizer(options).catch((e) => { recognizers.delete(key); throw e; }));
    return recognizers.get(key)!;
  };
  const started = new Map<string, number>();
  const processor = async (job: Job, token: string | undefined, signal: AbortSignal | undefined): Promise<JobSummary> => {
    try {
      const data = validateJobData(job.data);
      const fer = await recognizerFor(data.options);
      return await runJob(fer, data, { signal, progress: (p) => job.updateProgress(p).catch(() => undefined) });
    } catch (e) {
      if (signal?.aborted && signal.reason === RELEASE) {
        await job.moveToWait(token);
        emit({ type: 'released', id: job.id!, input: String(job.data?.input) });
        throw new WaitingError();
      }
      if (e instanceof FerError) throw new (BAD_INPUT.includes(e.code) ? UnrecoverableError : Error)(`${e.code}: ${e.message}`);
      throw e;
    }
  };
  const name = `${hostname()}:${process.pid}`;
  const worker = new Worker(queue, processor, {
    connection: client, concurrency, lockDuration, lockRenewTime: lockDuration / 4, stalledInterval: Math.max(1000, lockDuration / 2), maxStalledCount: 2, name,
  });
  const input = (job: Job | undefined): string => String(job?.data?.input);
  worker.on('active', (job) => {
    started.set(job.id!, Date.now());
    emit({ type: 'start', id: job.id!, input: input(job) });
  });
  worker.on('completed', (job, summary: JobSummary) => {
    emit({ type: 'done', id: job.id!, input: input(job), summary, seconds: (Date.now() - (started.get(job.id!) ?? Date.now())) / 1000 });
    started.delete(job.id!);
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    emit({ type: 'failed', id: job.id!, input: input(job), reason: err.message, retry: !(err instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1) });
    started.delete(job.id!);
  });
  worker.on('stalled', (id) => emit({ type: 'stalled', id }));
  worker.on('error', (e) => emit({ type: 'error', message: e.message }));
  worker.on('lockRenewalFailed', (ids: string[]) => ids.forEach((id) => worker.cancelJob(id, 'lock lost')));
  let closing: Promise<void> | null = null;
  const stop = (release = false): Promise<void> => {
    if (release) worker.cancelAllJobs(RELEASE);
    closing ??= worker.close().then(async () => {
      for (const r of recognizers.values()) await (await r.catch(() => null))?.dispose();
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
