import { resolve } from 'node:path';
import { FerError } from '../errors.js';
import { resolveQueueSetting } from '../queue-options.js';
import { expandInputs } from './expand-inputs.js';
import { createJobData, type JobOptions } from './job-data.js';
import { deriveJobId } from './job-id.js';
import { checkOutputClaims } from './output-claims.js';
import { type QueueTarget, withQueue } from './open-queue.js';

/** Where to queue, and how often a job that fails for other reasons than its input is tried. */
export interface EnqueueSettings extends QueueTarget {
  /** Tries per job for errors other than a bad input (those fail at once): 1 to 20. Default QUEUE_DEFAULTS.attempts (3). */
  attempts?: number;
  /** First retry delay in ms, doubled each time: 0 to 86,400,000. Default QUEUE_DEFAULTS.backoffMs (10,000). */
  backoffMs?: number;
}

/** What enqueue() did, by job id. */
export interface EnqueueReport {
  queue: string;
  /** New jobs. */
  added: string[];
  /** Already waiting, delayed or running. */
  queued: string[];
  /** Already completed. */
  done: string[];
  /** Already failed (remove them with `fer queue clean --failed` to queue them again). */
  failed: string[];
}

/**
 * Queue one job per video or image (folders scanned recursively) with `fer video` / `fer image`
 * options. Job ids come from each file's path, size and mtime and the options, so queuing the same
 * work again adds nothing. Work that would write over the result files of a job already in the queue
 * (another input with the same name, or the same input with other options, into the same folder) is
 * refused with INVALID_OPTION, and nothing is added.
 * @example
 * const r = await enqueue(['/nfs/videos'], { output: '/nfs/out', fps: 5 }, { connection: 'redis://127.0.0.1:6379' });
 * console.log(r.added.length, r.done.length);
 */
export async function enqueue(paths: string[], options: JobOptions, settings: EnqueueSettings): Promise<EnqueueReport> {
  const attempts = resolveQueueSetting('attempts', settings.attempts);
  const delay = resolveQueueSetting('backoffMs', settings.backoffMs);
  if (paths.length === 0)
    throw new FerError('INPUT_NOT_FOUND', 'no input paths given', 'pass video or image files, or folders');
  const targets = await expandInputs(paths, resolve(options.output ?? 'fer-out'));
  if (targets.length === 0)
    throw new FerError(
      'INPUT_NOT_FOUND',
      `no videos or images in ${paths.join(', ')}`,
      'folders are scanned for video and image files by extension',
    );
  const jobs = targets.map((t) => {
    const data = createJobData(t, options);
    return {
      name: data.kind,
      data,
      opts: { jobId: deriveJobId(data, t), attempts, backoff: { type: 'exponential', delay } },
    };
  });
  return withQueue(settings, async (queue) => {
    const report: EnqueueReport = { queue: queue.name, added: [], queued: [], done: [], failed: [] };
    const states = await Promise.all(jobs.map((j) => queue.getJobState(j.opts.jobId)));
    jobs.forEach((j, i) => {
      const s = states[i];
      (s === 'unknown'
        ? report.added
        : s === 'completed'
          ? report.done
          : s === 'failed'
            ? report.failed
            : report.queued
      ).push(j.opts.jobId);
    });
    const fresh = jobs.filter((_, i) => states[i] === 'unknown');
    await checkOutputClaims(
      queue,
      fresh.map((j) => j.data),
    );
    for (let i = 0; i < fresh.length; i += 500) await queue.addBulk(fresh.slice(i, i + 500));
    return report;
  });
}
