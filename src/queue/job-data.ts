import { isAbsolute, resolve } from 'node:path';
import { FerError } from '../errors.js';
import { DEFAULT_MODEL_DIR, type FerOptions, resolveOptions } from '../options.js';

/** What one queued job asks for: plain JSON, checked by validateJobData() before any use. */
export interface FerJobData {
  /** `video` writes like `fer video -o`, `image` like `fer image -i FILE -o`. */
  kind: 'video' | 'image';
  /** Absolute path of the input file (a path every worker can read). */
  input: string;
  /** Absolute path of the output folder (a path every worker can write). */
  output: string;
  /** Video frames analysed per second of video time; 0 = every frame. */
  fps: number;
  /** Draw the branch panel (`-b`). */
  branches: boolean;
  /** Draw the arousal/valence plot in videos (`--no-plot` turns it off). */
  plot: boolean;
  /** Output size of the reference's `-s`, or null to follow the input. */
  size: 1 | 2 | 3 | null;
  /** Recognizer options after resolveOptions(); modelDir only when one was given. */
  options: FerOptions;
}

/** Analysis options a job accepts: those of `fer video` / `fer image`. */
export interface JobOptions {
  /** Output folder; default `fer-out` in the current folder. */
  output?: string;
  fps?: number;
  branches?: boolean;
  plot?: boolean;
  size?: 1 | 2 | 3;
  /** Recognizer options (`gradCam` also draws the heat maps). */
  fer?: FerOptions;
}

const KEYS = ['kind', 'input', 'output', 'fps', 'branches', 'plot', 'size', 'options'];
const OPTION_KEYS = ['engine', 'backend', 'gpu', 'detector', 'largest', 'minConfidence', 'classes', 'gradCam', 'modelDir', 'maxPixels', 'threads'];

/** Fail with INVALID_OPTION for a malformed job. */
function reject(what: string): never {
  throw new FerError('INVALID_OPTION', `invalid job data: ${what}`, 'queue jobs with `fer queue add` or enqueue()');
}

/**
 * Recognizer options in their canonical form: every default filled in (so `{}` and the CLI's explicit
 * defaults give the same job), except the model folder, which stays each worker's own unless given.
 * @example
 * normaliseOptions({ classes: 7 }); // { engine: 'onnx', ..., classes: 7 } without modelDir
 */
export function normaliseOptions(options: FerOptions = {}): FerOptions {
  const resolved: FerOptions = { ...resolveOptions(options) };
  if (options.modelDir === undefined || resolved.modelDir === DEFAULT_MODEL_DIR) delete resolved.modelDir;
  else if (!isAbsolute(resolved.modelDir!)) reject(`modelDir must be an absolute path, got ${JSON.stringify(resolved.modelDir)}`);
  return resolved;
}

/**
 * Check untrusted job data (as read back from Redis) field by field and return it typed; throws
 * INVALID_OPTION naming the first problem. Nothing in it is evaluated or passed to a shell.
 * @example
 * const data = validateJobData(job.data);
 */
export function validateJobData(raw: unknown): FerJobData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) reject('expected a JSON object');
  const d = raw as Record<string, unknown>;
  const extra = Object.keys(d).filter((k) => !KEYS.includes(k));
  if (extra.length) reject(`unknown field ${JSON.stringify(extra[0])}`);
  if (d.kind !== 'video' && d.kind !== 'image') reject(`kind must be "video" or "image", got ${JSON.stringify(d.kind)}`);
  for (const key of ['input', 'output'] as const) {
    if (typeof d[key] !== 'string' || !isAbsolute(d[key] as string) || (d[key] as string).includes('\0')) reject(`${key} must be an absolute path, got ${JSON.stringify(d[key])}`);
  }
  if (typeof d.fps !== 'number' || !Number.isFinite(d.fps) || d.fps < 0) reject(`fps must be a number >= 0, got ${JSON.stringify(d.fps)}`);
  if (typeof d.branches !== 'boolean' || typeof d.plot !== 'boolean') reject('branches and plot must be true or false');
  if (d.size !== null && d.size !== 1 && d.size !== 2 && d.size !== 3) reject(`size must be 1, 2, 3 or null, got ${JSON.stringify(d.size)}`);
  const o = d.options;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) reject('options must be an object');
  for (const [k, v] of Object.entries(o as object)) {
    if (!OPTION_KEYS.includes(k)) reject(`unknown option ${JSON.stringify(k)}`);
    if (!['string', 'number', 'boolean'].includes(typeof v)) reject(`option ${k} must be a string, number or boolean`);
  }
  return { kind: d.kind, input: d.input as string, output: d.output as string, fps: d.fps, branches: d.branches, plot: d.plot, size: d.size as FerJobData['size'], options: normaliseOptions(o as FerOptions) };
}

/**
 * The job for one input file with the given options (validated like a job read back from Redis).
 * @example
 * createJobData({ kind: 'video', input: '/data/a.mp4', output: '/data/out' }, { fps: 5 });
 */
export function createJobData(target: { kind: 'video' | 'image'; input: string; output: string }, o: JobOptions): FerJobData {
  return validateJobData({
    kind: target.kind, input: target.input, output: target.output, fps: o.fps ?? 0, branches: Boolean(o.branches),
    plot: o.plot !== false, size: o.size ?? null,
    options: normaliseOptions({ ...o.fer, modelDir: o.fer?.modelDir === undefined ? undefined : resolve(o.fer.modelDir) }),
  });
}
