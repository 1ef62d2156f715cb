import type { Job } from 'bullmq';
import { readJobError } from './job-error.js';
import { type QueueTarget, withQueue } from './open-queue.js';

/** Job counts by state, the running jobs with their progress, and the failed jobs with their reason. */
export interface QueueStatus {
  queue: string;
  counts: { waiting: number; active: number; delayed: number; completed: number; failed: number };
  active: { id: string; input: string; progress: { frames: number; total: number } | null }[];
  /** `reason` is BullMQ's `CODE: message`; code, hint and cause come from the FerError (null for other errors). */
  failed: {
    id: string;
    input: string;
    reason: string;
    attempts: number;
    code: string | null;
    hint: string | null;
    cause: string | null;
  }[];
}

/** The input path of a job, whatever its data holds. */
function inputOf(job: Job): string {
  return typeof job.data?.input === 'string' ? job.data.input : '(no input)';
}

/**
 * Read a queue's state (at most `limit` active and failed jobs are listed; counts are complete); a
 * failed job's FerError code, hint and cause are read back from its log.
 * @example
 * const s = await getQueueStatus({ connection: 'redis://127.0.0.1:6379' }); console.log(s.counts.failed);
 */
export async function getQueueStatus(target: QueueTarget, limit = 100): Promise<QueueStatus> {
  return withQueue(target, async (queue) => {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    const active = (await queue.getActive(0, limit - 1)).filter(Boolean);
    const failed = (await queue.getFailed(0, limit - 1)).filter(Boolean);
    const errors = await Promise.all(
      failed.map(async (j) => readJobError((await queue.getJobLogs(j.id!, -1, -1)).logs)),
    );
    return {
      queue: queue.name,
      counts: {
        waiting: c.waiting + c.prioritized,
        active: c.active,
        delayed: c.delayed,
        completed: c.completed,
        failed: c.failed,
      },
      active: active.map((j) => ({
        id: j.id!,
        input: inputOf(j),
        progress: typeof j.progress === 'object' ? (j.progress as { frames: number; total: number }) : null,
      })),
      failed: failed.map((j, i) => ({
        id: j.id!,
        input: inputOf(j),
        reason: j.failedReason,
        attempts: j.attemptsMade,
        code: errors[i]?.code ?? null,
        hint: errors[i]?.hint || null,
        cause: errors[i]?.cause ?? null,
      })),
    };
  });
}

/**
 * Remove finished jobs (completed and/or failed) from a queue; returns how many of each were removed.
 * Removed work can be queued again.
 * @example
 * await cleanQueue({ connection: 'redis://127.0.0.1:6379' }, ['completed', 'failed']); // { completed: 12, failed: 1 }
 */
export async function cleanQueue(
  target: QueueTarget,
  states: ('completed' | 'failed')[] = ['completed', 'failed'],
): Promise<Record<string, number>> {
  return withQueue(target, async (queue) => {
    const removed: Record<string, number> = {};
    for (const state of states) {
      removed[state] = 0;
      for (let n = -1; n !== 0; removed[state] += n) n = (await queue.clean(0, 1000, state)).length;
    }
    return removed;
  });
}
