import { type Job, WaitingError } from 'bullmq';
import { FerError } from '../errors.js';
import { jobErrorLine, toBullError } from './job-error.js';
import { validateJobData } from './job-data.js';
import type { RecognizerPool } from './recognizer-pool.js';
import { type JobSummary, runJob } from './run-job.js';

/**
 * The abort reason of a stopping worker that puts its running jobs back in the queue.
 * @example
 * worker.cancelAllJobs(RELEASE);
 */
export const RELEASE = 'released by a stopping worker';

/** A BullMQ processor function. */
export type Processor = (job: Job, token: string | undefined, signal: AbortSignal | undefined) => Promise<JobSummary>;

/**
 * The processor of fer jobs: validate the data, run the job with the pool's recognizer, report
 * progress. A FerError becomes the failed reason `CODE: message`, with code, message, hint and cause
 * kept in the job's log (see readJobError); a bad input or a video that ended early fails at once
 * (UnrecoverableError), other errors are retried, and a job cancelled with RELEASE goes back to the queue unused.
 * @example
 * new Worker(queue, createJobProcessor(pool, (id, input) => log(id, input)), options);
 */
export function createJobProcessor(pool: RecognizerPool, onRelease: (id: string, input: string) => void): Processor {
  return async (job, token, signal) => {
    try {
      const data = validateJobData(job.data);
      const fer = await pool.get(data.options);
      return await runJob(fer, data, { signal, progress: (p) => job.updateProgress(p).catch(() => undefined) });
    } catch (e) {
      if (signal?.aborted && signal.reason === RELEASE) {
        await job.moveToWait(token);
        onRelease(job.id!, String(job.data?.input));
        throw new WaitingError();
      }
      if (!(e instanceof FerError)) throw e;
      await job.log(jobErrorLine(e)).catch(() => undefined);
      throw toBullError(e);
    }
  };
}
