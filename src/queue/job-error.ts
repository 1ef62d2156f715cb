import { UnrecoverableError } from 'bullmq';
import { FerError, type FerErrorCode } from '../errors.js';

/** A failed job's FerError as kept in Redis beside BullMQ's one-line reason (a log line of the job). */
export interface JobError {
  code: FerErrorCode;
  message: string;
  hint: string;
  /** The underlying error's code and message, when there is one. */
  cause: string | null;
}

/** Errors that fail the same way on every try: their jobs fail at once, without retries. */
const FINAL: FerErrorCode[] = [
  'INPUT_IS_DIRECTORY',
  'INPUT_EMPTY',
  'INPUT_UNSUPPORTED',
  'INPUT_CORRUPT',
  'INPUT_TOO_LARGE',
  'INPUT_ENDED_EARLY',
  'INVALID_OPTION',
];

/** What starts the job log line that holds a JobError. */
const PREFIX = 'fer-error ';

/** The cause of an error in one line: its system code (if any) and message. */
function describeCause(cause: unknown): string | null {
  if (cause === undefined || cause === null) return null;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as NodeJS.ErrnoException).code;
  return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
}

/**
 * The error a processor throws to BullMQ for a FerError: `CODE: message` (the job's failed reason),
 * an UnrecoverableError when retrying cannot help, with the FerError as its cause.
 * @example
 * throw toBullError(new FerError('INPUT_CORRUPT', 'corrupt video: a.mp4')); // not retried
 */
export function toBullError(e: FerError): Error {
  const error = new (FINAL.includes(e.code) ? UnrecoverableError : Error)(`${e.code}: ${e.message}`);
  return Object.assign(error, { cause: e });
}

/**
 * The job log line that keeps a FerError's code, message, hint and cause across BullMQ.
 * @example
 * await job.log(jobErrorLine(e));
 */
export function jobErrorLine(e: FerError): string {
  const record: JobError = { code: e.code, message: e.message, hint: e.hint, cause: describeCause(e.cause) };
  return PREFIX + JSON.stringify(record);
}

/**
 * The JobError of a job's last log line written by jobErrorLine(), or null.
 * @example
 * readJobError((await queue.getJobLogs(id, -1, -1)).logs);
 */
export function readJobError(logs: string[]): JobError | null {
  const line = [...logs].reverse().find((l) => l.startsWith(PREFIX));
  if (!line) return null;
  try {
    const r = JSON.parse(line.slice(PREFIX.length)) as Partial<JobError>;
    return typeof r.code === 'string' && typeof r.message === 'string'
      ? {
          code: r.code,
          message: r.message,
          hint: String(r.hint ?? ''),
          cause: typeof r.cause === 'string' ? r.cause : null,
        }
      : null;
  } catch {
    return null;
  }
}

/**
 * The hint of the FerError behind an error a processor threw (see toBullError), or ''.
 * @example
 * worker.on('failed', (job, err) => console.log(hintOf(err)));
 */
export function hintOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return error instanceof FerError ? error.hint : cause instanceof FerError ? cause.hint : '';
}
