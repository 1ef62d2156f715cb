import { isAbsolute, resolve } from 'node:path';
import { FerError } from '../errors.js';
import {
  DEFAULT_MODEL_DIR,
  type FerOptions,
  type OutputOptions,
  type ResolvedAnalysisOptions,
  type ResolvedDrawOptions,
  resolveAnalysisOptions,
  resolveDrawOptions,
  resolveOptions,
} from '../options.js';
import { describeValue, is } from '../validate.js';

/**
 * What one queued job asks for: plain JSON, checked by validateJobData() before any use. It carries the
 * analysis and drawing options of `fer video` / `fer image` and the recognizer options (Grad-CAM among them).
 */
export interface FerJobData extends ResolvedAnalysisOptions, ResolvedDrawOptions {
  /** `video` writes like `fer video -o`, `image` like `fer image -i FILE -o`. */
  kind: 'video' | 'image';
  /** Absolute path of the input file (a path every worker can read). */
  input: string;
  /** Absolute path of the output folder (a path every worker can write). */
  output: string;
  /** Recognizer options after resolveOptions(), gradCam included; modelDir only when one was given. */
  options: FerOptions;
}

/** What a job is queued with: the output-options group of `fer video` / `fer image` and the recognizer's options. */
export interface JobOptions extends OutputOptions {
  /** Recognizer options; `gradCam` here or beside them both compute and draw the heat maps. */
  fer?: FerOptions;
}

const KEYS = ['kind', 'input', 'output', 'fps', 'detectEvery', 'branches', 'plot', 'size', 'options'];
/**
 * Fields of jobs queued by earlier versions: detectEvery was missing (they were queued for detection on every
 * frame, what fer did then) and gradCam stood beside the options instead of among them.
 */
const LEGACY = { detectEvery: 1, gradCam: undefined };
const LEGACY_KEYS = Object.keys(LEGACY);
const OPTION_KEYS = [
  'engine',
  'backend',
  'gpu',
  'detector',
  'largest',
  'minConfidence',
  'classes',
  'gradCam',
  'modelDir',
  'maxPixels',
  'threads',
  'precision',
  'detectorSize',
  'flip',
];

/** Fail with INVALID_OPTION for a malformed job. */
function reject(what: string): never {
  throw new FerError('INVALID_OPTION', `invalid job data: ${what}`, 'queue jobs with `fer queue add` or enqueue()');
}

/**
 * Recognizer options in their canonical form: every default filled in (so `{}` and the CLI's explicit
 * defaults give the same job), except the model folder, which stays each worker's own unless given.
 * @example
 * normaliseOptions({ classes: 7 }); // { engine: 'onnx', ..., classes: 7, gradCam: false, ... } without modelDir
 */
export function normaliseOptions(options: FerOptions = {}): FerOptions {
  const resolved: FerOptions = { ...resolveOptions(options) };
  if (options.modelDir === undefined || resolved.modelDir === DEFAULT_MODEL_DIR) delete resolved.modelDir;
  else if (!isAbsolute(resolved.modelDir!))
    reject(`modelDir must be an absolute path, got ${describeValue(resolved.modelDir)}`);
  return resolved;
}

/** The job's recognizer options, checked for names and plain values; a legacy top-level gradCam moves among them. */
function readOptions(d: Record<string, unknown>): FerOptions {
  const o = d.options;
  if (!is.plainObject(o)) reject('options must be an object');
  for (const [k, v] of Object.entries(o)) {
    if (!OPTION_KEYS.includes(k)) reject(`unknown option ${JSON.stringify(k)}`);
    if (!['string', 'number', 'boolean'].includes(typeof v)) reject(`option ${k} must be a string, number or boolean`);
  }
  if (!Object.hasOwn(d, 'gradCam')) return o as FerOptions;
  if (Object.hasOwn(o, 'gradCam')) reject('gradCam given twice, beside the options and among them');
  return { ...o, gradCam: d.gradCam } as FerOptions;
}

/**
 * Check untrusted job data (as read back from Redis) field by field, once, and return it typed with every
 * default filled in; throws INVALID_OPTION naming the first problem. Nothing in it is evaluated or passed to a shell.
 * @example
 * const data = validateJobData(job.data);
 */
export function validateJobData(raw: unknown): FerJobData {
  if (!is.plainObject(raw)) reject('expected a JSON object');
  const d = raw;
  const extra = Object.keys(d).filter((k) => !KEYS.includes(k) && !LEGACY_KEYS.includes(k));
  if (extra.length) reject(`unknown field ${JSON.stringify(extra[0])}`);
  if (d.kind !== 'video' && d.kind !== 'image') reject(`kind must be "video" or "image", got ${describeValue(d.kind)}`);
  for (const key of ['input', 'output'] as const) {
    const path = d[key];
    if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0'))
      reject(`${key} must be an absolute path, got ${describeValue(path)}`);
  }
  const missing = KEYS.find((k) => !Object.hasOwn(d, k) && !LEGACY_KEYS.includes(k));
  if (missing) reject(`missing field ${JSON.stringify(missing)}`);
  const analysis = resolveAnalysisOptions({
    fps: d.fps,
    detectEvery: Object.hasOwn(d, 'detectEvery') ? d.detectEvery : LEGACY.detectEvery,
  } as object);
  const draw = resolveDrawOptions({ branches: d.branches, plot: d.plot, size: d.size } as object);
  return {
    kind: d.kind,
    input: d.input as string,
    output: d.output as string,
    ...analysis,
    ...draw,
    options: normaliseOptions(readOptions(d)),
  };
}

/**
 * The job for one input file with the given options, validated once by validateJobData(), as a worker validates it.
 * @example
 * createJobData({ kind: 'video', input: '/data/a.mp4', output: '/data/out' }, { fps: 5 });
 */
export function createJobData(
  target: { kind: 'video' | 'image'; input: string; output: string },
  o: JobOptions,
): FerJobData {
  const gradCam = o.gradCam === true || o.fer?.gradCam === true ? true : (o.fer?.gradCam ?? o.gradCam);
  const fer = { ...o.fer, gradCam, modelDir: o.fer?.modelDir === undefined ? undefined : resolve(o.fer.modelDir) };
  return validateJobData({
    kind: target.kind,
    input: target.input,
    output: target.output,
    fps: o.fps,
    detectEvery: o.detectEvery,
    branches: o.branches,
    plot: o.plot,
    size: o.size,
    options: Object.fromEntries(Object.entries(fer).filter(([, v]) => v !== undefined)),
  });
}
