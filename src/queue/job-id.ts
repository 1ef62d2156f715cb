import { createHash } from 'node:crypto';
import type { FerJobData } from './job-data.js';

/**
 * The job id of a piece of work: a hash of the input's absolute path, size and modification time and
 * of every option, so the same work queued twice is one job, and a changed file or option is a new one.
 * @example
 * deriveJobId(data, await stat(data.input)); // 'fer-3f2a…' (40 hex digits)
 */
export function deriveJobId(data: FerJobData, file: { size: number; mtimeMs: number }): string {
  const { gradCam = false, ...recognizer } = data.options;
  const options = Object.fromEntries(Object.entries(recognizer).sort(([a], [b]) => a.localeCompare(b)));
  // gradCam keeps the place it had before it moved among the options, so the ids of queued work stay the same
  const key = JSON.stringify([
    data.input,
    file.size,
    file.mtimeMs,
    data.kind,
    data.output,
    data.fps,
    data.detectEvery,
    data.branches,
    gradCam,
    data.plot,
    data.size,
    options,
  ]);
  return `fer-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
