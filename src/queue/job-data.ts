import { isAbsolute, resolve } from 'node:path';
import { FerError } from '../errors.js';
import { DEFAULT_MODEL_DIR, type FerOptions, type OutputOptions, type ResolvedOutputOptions, resolveOptions, resolveOutputOptions } from '../options.js';

/**
 * What one queued job asks for: plain JSON, checked by validateJobData() before any use. It carries the
 * output options of `fer video` / `fer image` (the same group, resolved) and the recognizer options.
 */
export interface FerJobData extends ResolvedOutputOptions {
  /** `video` writes like `fer video -o`, `image` like `fer image -i FILE -o`. */
  kind: 'video' | 'image';
  /** Absolute path of the input file (a path every worker can read). */
  input: string;
  /** Absolute path of the output folder (a path every worker can write). */
  output: string;
  /** Recognizer options after resolveOptions(), without gradCam (an output option); modelDir only when one was given. */
  options: FerOptions;
}

/** Analysis options a job accepts: the output options of `fer video` / `fer image` and the recognizer's. */
export interface JobOptions extends OutputOptions {
  /** Recognizer options (`gradCam` here also draws the heat maps). */
  fer?: FerOptions;
}

const KEYS = ['kind', 'input', 'output', 'fps', 'detectEvery', 'branches', 'gradCam', 'plot', 'size', 'options'];
/** Jobs queued before the field existed lack it; they were queued for what fer did then: detection on every frame. */
const LEGACY = { detectEvery: 1 };
const OPTION_KEYS = ['engine', 'backend', 'gpu', 'detector', 'largest', 'minConfidence', 'classes', 'modelDir', 'maxPixels', 'threads', 'precision', 'detectorSize', 'flip'];

/** Fail with INVALID_OPTION for a malformed job. */
function reject(what: string): never {
  throw new FerError('INVALID_OPTION', `invalid job data: ${what}`, 'queue jobs with `fer queue add` or enqueue()');
}

/**
 * Recognizer options in their canonical form: every default filled in (so `{}` and the CLI's explicit
 * defaults give the same job), except the model folder, which stays each worker's own unless given,
 * and gradCam, which the job carries as an output option.
 * @example
 * normaliseOptions({ classes: 7 }); // { engine: 'onnx', ..., classes: 7 } without modelDir
 */
export function normaliseOptions(options: FerOptions = {}): FerOptions {
  const resolved: FerOptions = { ...resolveOptions(options) };
  delete resolved.gradCam;
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
  const missing = KEYS.find((k) => !(k in d) && !(k in LEGACY));
  if (missing) reject(`missing field ${JSON.stringify(missing)}`);
  const detectEvery = 'detectEvery' in d ? d.detectEvery : LEGACY.detectEvery;
  const look = resolveOutputOptions({ fps: d.fps, detectEvery, branches: d.branches, gradCam: d.gradCam, plot: d.plot, size: d.size } as OutputOptions);
  const o = d.options;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) reject('options must be an object');
  for (const [k, v] of Object.entries(o as object)) {
    if (!OPTION_KEYS.includes(k)) reject(`unknown option ${JSON.stringify(k)}`);
    if (!['string', 'number', 'boolean'].includes(typeof v)) reject(`option ${k} must be a string, number or boolean`);
  }
  return { kind: d.kind, input: d.input as string, output: d.output as string, ...look, options: normaliseOptions(o as FerOptions) };
}

/**
 * The job for one input file with the given options (validated like a job read back from Redis).
 * @example
 * createJobData({ kind: 'video', input: '/data/a.mp4', output: '/data/out' }, { fps: 5 });
 */
export function createJobData(target: { kind: 'video' | 'image'; input: string; output: string }, o: JobOptions): FerJobData {
  const look = resolveOutputOptions({ ...o, gradCam: Boolean(o.gradCam || o.fer?.gradCam), output: undefined });
  return validateJobData({
    kind: target.kind, input: target.input, output: target.output, fps: look.fps, detectEvery: look.detectEvery, branches: look.branches, gradCam: look.gradCam,
    plot: look.plot, size: look.size,
    options: normaliseOptions({ ...o.fer, modelDir: o.fer?.modelDir === undefined ? undefined : resolve(o.fer.modelDir) }),
  });
}
