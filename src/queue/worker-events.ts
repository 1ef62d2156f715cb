import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { hintOf } from './job-error.js';
import type { JobSummary } from './run-job.js';

/** What happened in a worker. */
export type WorkerEvent =
  | { type: 'start'; id: string; input: string }
  | { type: 'done'; id: string; input: string; summary: JobSummary; seconds: number }
  | { type: 'failed'; id: string; input: string; reason: string; hint: string; retry: boolean }
  | { type: 'released'; id: string; input: string }
  | { type: 'stalled'; id: string }
  | { type: 'error'; message: string }
  | { type: 'waiting'; message: string };

/** The input a job names, for the event lines. */
function inputOf(job: Job | undefined): string {
  return String(job?.data?.input);
}

/**
 * Turn a BullMQ worker's events into fer's WorkerEvents (with each job's run time), and cancel a job
 * whose lock could not be renewed, so that it is not run twice.
 * @example
 * wireWorkerEvents(worker, (e) => console.error(e.type));
 */
export function wireWorkerEvents(worker: Worker, emit: (event: WorkerEvent) => void): void {
  const started = new Map<string, number>();
  worker.on('active', (job) => {
    started.set(job.id!, Date.now());
    emit({ type: 'start', id: job.id!, input: inputOf(job) });
  });
  worker.on('completed', (job, summary: JobSummary) => {
    emit({
      type: 'done',
      id: job.id!,
      input: inputOf(job),
      summary,
      seconds: (Date.now() - (started.get(job.id!) ?? Date.now())) / 1000,
    });
    started.delete(job.id!);
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    emit({
      type: 'failed',
      id: job.id!,
      input: inputOf(job),
      reason: err.message,
      hint: hintOf(err),
      retry: !(err instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1),
    });
    started.delete(job.id!);
  });
  worker.on('stalled', (id) => emit({ type: 'stalled', id }));
  worker.on('error', (e) => emit({ type: 'error', message: e.message }));
  worker.on('lockRenewalFailed', (ids: string[]) => ids.forEach((id) => worker.cancelJob(id, 'lock lost')));
}
