import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkPrecision } from './precision.js';
import { checkInteger, describeRange, type IntegerRange, invalidParameterError, is } from './validate.js';

/** Output/display sizes of the reference framework's `-s` option. */
export const DISPLAY_SIZES = { 1: [1920, 1080], 2: [1440, 900], 3: [1024, 768] } as const;

/** Every option of the library, with its default in the comment. */
export interface FerOptions {
  /** Inference engine: 'onnx' (ONNX Runtime, default) or 'tfjs' (TensorFlow.js). */
  engine?: 'onnx' | 'tfjs';
  /** Engine backend: onnx 'cpu' | 'webgpu' | 'cuda'; tfjs 'wasm' | 'tensorflow' | 'cpu'. Default 'auto' (resolved by src/runtime). */
  backend?: string;
  /** Run on the GPU (onnx: CUDA when installed, else WebGPU; tfjs: tensorflow with tfjs-node-gpu). Default false. */
  gpu?: boolean;
  /** Face detector: 'ssd' (face-api SSD MobileNetV1, default) or 'none' (whole image is one face). */
  detector?: 'ssd' | 'none';
  /** Keep only the largest face, as the reference framework does. Default false. */
  largest?: boolean;
  /** Minimum detector confidence in (0, 1). Default 0.5. */
  minConfidence?: number;
  /** Output classes: 8 (AffectNet), 7 (no contempt) or 6 (also anger+disgust merged). Default 8. */
  classes?: 8 | 7 | 6;
  /** Compute a Grad-CAM map per branch (and so draw it in the branch panel): its one home, for the library, the CLI's `-g` and a queued job. Default false. */
  gradCam?: boolean;
  /** Folder with esr9.safetensors. Default: the package's models/esr9. */
  modelDir?: string;
  /** Largest accepted image, in pixels. Default 50,000,000. */
  maxPixels?: number;
  /**
   * Engine onnx: intra-op CPU threads of each ONNX Runtime session (the face detector's and ESR-9's, which run side
   * by side, and Grad-CAM's); 0 = half the cores each (at least 1). At most 4 per core (LIMITS.threads). The tfjs
   * engine does not use it. Default 0.
   */
  threads?: number;
  /**
   * Arithmetic of the onnx engine on the CPU: 'auto' (ESR-9 in int8 on CPUs with int8 dot-product instructions,
   * AVX-VNNI or AVX512-VNNI, where it pays, else fp32; the detector in fp32), 'int8' (ESR-9 and the detector in
   * int8: fastest, the detector's boxes move a little) or 'fp32'. Default 'auto'.
   */
  precision?: 'auto' | 'fp32' | 'int8';
  /**
   * Side of the square the SSD detector sees images and video frames at: a multiple of 32 in 160..1024.
   * Default 512 (face-api's): smaller sides are faster but moved labels on the sample clips (README). Engine
   * tfjs (face-api's own SSD) sees 512 only: another side is INVALID_OPTION there.
   */
  detectorSize?: number;
  /**
   * Flip test-time augmentation: each face's ESR-9 outputs are averaged with its mirror's (one batch of twice the
   * faces; Grad-CAM stays on the unmirrored face). Default false: on the shipped v6 weights (calibrated without it)
   * it moved FER+ valid from 84.09 % to 83.87 % (model card).
   */
  flip?: boolean;
}

/** Options after defaults and validation; stages receive only these. */
export type ResolvedOptions = Required<FerOptions>;

/** The package's bundled ESR-9 weights folder. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models/esr9/', import.meta.url));

/**
 * Every option's default: the one source the CLI's `--help` defaults read too.
 * @example
 * DEFAULTS.minConfidence; // 0.5
 */
export const DEFAULTS: Readonly<ResolvedOptions> = {
  engine: 'onnx',
  backend: 'auto',
  gpu: false,
  detector: 'ssd',
  largest: false,
  minConfidence: 0.5,
  classes: 8,
  gradCam: false,
  modelDir: DEFAULT_MODEL_DIR,
  maxPixels: 50_000_000,
  threads: 0,
  precision: 'auto',
  detectorSize: 512,
  flip: false,
};

/**
 * The bounds of the integer options, shared by the library's checks and the CLI's parsers: threads at most
 * 4 per core (a thread pool of 100,000 grew to 24 GB before the kernel killed it).
 * @example
 * LIMITS.threads.max; // 64 on a 16-core machine
 */
export const LIMITS: Readonly<Record<'threads' | 'detectorSize' | 'maxPixels', IntegerRange>> = {
  threads: { min: 0, max: availableParallelism() * 4 },
  detectorSize: { min: 160, max: 1024 },
  maxPixels: { min: 1, max: Number.MAX_SAFE_INTEGER },
};

/** The side face-api's SSD (engine tfjs) always sees. */
const FACE_API_SIDE = 512;

const BACKENDS: Record<ResolvedOptions['engine'], string[]> = {
  onnx: ['auto', 'cpu', 'webgpu', 'cuda'],
  tfjs: ['auto', 'wasm', 'tensorflow', 'cpu'],
};

/** Fail with INVALID_OPTION naming the option and what it accepts. */
function reject(name: string, value: unknown, expected: string): never {
  throw invalidParameterError(name, expected, value);
}

/** Options with the undefined ones left out, so that they take their defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Merge user options over the defaults and validate them.
 * @example
 * const opts = resolveOptions({ engine: 'tfjs', classes: 7 });
 */
export function resolveOptions(options: FerOptions = {}): ResolvedOptions {
  const o = { ...DEFAULTS, ...definedOnly(options) } as ResolvedOptions;
  if (!is.inArray(o.engine, ['onnx', 'tfjs'])) reject('engine', o.engine, 'onnx or tfjs');
  if (!BACKENDS[o.engine].includes(o.backend))
    reject('backend', o.backend, `${BACKENDS[o.engine].join(', ')} for engine ${o.engine}`);
  for (const key of ['gpu', 'largest', 'gradCam', 'flip'] as const)
    if (!is.bool(o[key])) reject(key, o[key], 'true or false');
  if (o.gpu && ['cpu', 'wasm'].includes(o.backend))
    reject('backend', o.backend, 'a GPU backend (webgpu, cuda or tensorflow) with --gpu');
  if (!is.inArray(o.detector, ['ssd', 'none'])) reject('detector', o.detector, 'ssd or none');
  if (!(is.number(o.minConfidence) && o.minConfidence > 0 && o.minConfidence < 1))
    reject('min-confidence', o.minConfidence, 'a number between 0 and 1');
  if (![8, 7, 6].includes(Number(o.classes))) reject('classes', o.classes, '8, 7 or 6');
  o.classes = Number(o.classes) as 8 | 7 | 6;
  if (!is.string(o.modelDir) || o.modelDir.includes('\0')) reject('modelDir', o.modelDir, 'a folder path');
  if (!(is.integer(o.maxPixels) && o.maxPixels > 0)) reject('max-pixels', o.maxPixels, 'a positive integer');
  checkInteger(
    'threads',
    o.threads,
    LIMITS.threads,
    `0 = half the cores each; at most 4 per core (${availableParallelism()} cores here)`,
  );
  const side = o.detectorSize;
  if (!(is.integer(side) && side % 32 === 0 && is.inRange(side, LIMITS.detectorSize.min, LIMITS.detectorSize.max)))
    reject('detector-size', side, 'a multiple of 32 from 160 to 1024');
  if (o.engine === 'tfjs' && side !== FACE_API_SIDE) {
    throw invalidParameterError(
      'detector-size',
      `${FACE_API_SIDE} with engine tfjs (face-api's SSD sees ${FACE_API_SIDE}x${FACE_API_SIDE} only)`,
      side,
      'drop --detector-size, or use --engine onnx',
    );
  }
  checkPrecision(o);
  return o;
}

/** How fer samples a video: which frames it analyses and how often it runs the face detector. */
export interface AnalysisOptions {
  /** Video frames analysed per second of video time; 0 = every frame (sampling: docs/video.md). Default 0. */
  fps?: number;
  /** Video: run the face detector on every k-th analysed frame (1 = every frame); the rules: docs/video.md. Default 3. */
  detectEvery?: number;
}

/** What fer draws on annotated images and videos besides boxes and labels (Grad-CAM maps are drawn when FerOptions.gradCam computed them). */
export interface DrawOptions {
  /** Draw the branch panel (and list every branch in image tables). Default false. */
  branches?: boolean;
  /** Draw the arousal/valence plot in videos. Default true. */
  plot?: boolean;
  /** Output size of the reference's `-s` (1920x1080, 1440x900, 1024x768), or null to follow the input. Default null. */
  size?: 1 | 2 | 3 | null;
}

/** Analysis options after defaults and validation. */
export type ResolvedAnalysisOptions = Required<AnalysisOptions>;
/** Drawing options after defaults and validation. */
export type ResolvedDrawOptions = Required<DrawOptions>;

/**
 * The output-options group of `fer image`, `video`, `webcam` and `queue add`: the folder, the analysis and
 * drawing options, and `-g` (FerOptions.gradCam, defined there only).
 */
export type OutputOptions = { output?: string } & AnalysisOptions & DrawOptions & Pick<FerOptions, 'gradCam'>;

/**
 * Every analysis option's default, beside DEFAULTS.
 * @example
 * ANALYSIS_DEFAULTS.detectEvery; // 3
 */
export const ANALYSIS_DEFAULTS: Readonly<ResolvedAnalysisOptions> = { fps: 0, detectEvery: 3 };

/**
 * Every drawing option's default, beside DEFAULTS.
 * @example
 * DRAW_DEFAULTS.plot; // true
 */
export const DRAW_DEFAULTS: Readonly<ResolvedDrawOptions> = { branches: false, plot: true, size: null };

/**
 * Merge analysis options over their defaults and validate them (INVALID_OPTION naming the first problem).
 * @example
 * resolveAnalysisOptions({ fps: 5 }); // { fps: 5, detectEvery: 3 }
 */
export function resolveAnalysisOptions(options: AnalysisOptions = {}): ResolvedAnalysisOptions {
  const o = { ...ANALYSIS_DEFAULTS, ...definedOnly({ fps: options.fps, detectEvery: options.detectEvery }) };
  if (!(is.number(o.fps) && o.fps >= 0)) reject('fps', o.fps, 'a number >= 0; 0 = every frame');
  if (!(is.integer(o.detectEvery) && o.detectEvery >= 1))
    reject('detectEvery', o.detectEvery, 'an integer >= 1; 1 = every frame');
  return o;
}

/**
 * Merge drawing options over their defaults and validate them (INVALID_OPTION naming the first problem).
 * @example
 * resolveDrawOptions({ size: 2 }); // { branches: false, plot: true, size: 2 }
 */
export function resolveDrawOptions(options: DrawOptions = {}): ResolvedDrawOptions {
  const o = {
    ...DRAW_DEFAULTS,
    ...definedOnly({ branches: options.branches, plot: options.plot, size: options.size }),
  };
  for (const key of ['branches', 'plot'] as const) if (!is.bool(o[key])) reject(key, o[key], 'true or false');
  if (!is.inArray(o.size, [null, 1, 2, 3])) reject('size', o.size, '1, 2, 3 or null');
  return o;
}
