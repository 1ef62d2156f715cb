import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { FerError } from '../errors.js';
import { imageOutputNames, outputStem, videoOutputNames } from '../output/output-names.js';
import { type FerJobData, validateJobData } from './job-data.js';
import { deriveJobId } from './job-id.js';

/** The job states whose jobs will write, or have written, their result files. */
const WRITING_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;
/** Jobs read from Redis at once. */
const PAGE = 1000;

/** One job already in the queue, by the result files it writes. */
interface Claim {
  id: string;
  input: string;
  /** The work apart from the input file's size and time: equal for a newer version of the same file with the same options. */
  work: string;
}

/** Where a job's result files go: its output folder and the stem they are named after. */
function outputKey(data: FerJobData): string {
  return join(data.output, outputStem(data.input));
}

/** The work a job asks for, leaving out its input file's size and time. */
function workKey(data: FerJobData): string {
  return deriveJobId(data, { size: 0, mtimeMs: 0 });
}

/** The queue's jobs in every state that writes results, by output key (jobs whose data is not valid are left out: they write nothing). */
async function readClaims(queue: Queue): Promise<Map<string, Claim>> {
  const claims = new Map<string, Claim>();
  for (const state of WRITING_STATES) {
    for (let start = 0; ; start += PAGE) {
      const jobs = (await queue.getJobs([state], start, start + PAGE - 1, true)).filter(Boolean);
      for (const job of jobs) {
        try {
          const data = validateJobData(job.data);
          claims.set(outputKey(data), { id: job.id!, input: data.input, work: workKey(data) });
        } catch {
          // a malformed job fails unrun
        }
      }
      if (jobs.length < PAGE) break;
    }
  }
  return claims;
}

/**
 * Refuse (INVALID_OPTION, naming both inputs and the job) new jobs that would write the result files
 * of a job already in the queue, waiting, running, completed or failed: another input with the same
 * name stem into the same folder, or the same input with other options. The same input with the same
 * options (a newer version of the file) may replace its results.
 * @example
 * await checkOutputClaims(queue, [createJobData({ kind: 'image', input: '/d/a.jpg', output: '/out' }, {})]); // throws if /d/a.png is queued for /out
 */
export async function checkOutputClaims(queue: Queue, fresh: FerJobData[]): Promise<void> {
  if (fresh.length === 0) return;
  const claims = await readClaims(queue);
  for (const data of fresh) {
    const key = outputKey(data);
    const claim = claims.get(key);
    if (!claim || claim.work === workKey(data)) continue;
    const other = claim.input === data.input ? `${claim.input} with other options` : claim.input;
    const stem = outputStem(data.input);
    const files = Object.values(data.kind === 'video' ? videoOutputNames(stem) : imageOutputNames(stem)).join(', ');
    throw new FerError(
      'INVALID_OPTION',
      `${data.input} would write ${files} in ${data.output} over the results of job ${claim.id} (${other}) in queue ${queue.name}`,
      'queue it with another -o folder, or remove that job first (`fer queue clean` removes finished jobs)',
    );
  }
}
