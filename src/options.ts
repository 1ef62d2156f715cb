import { fileURLToPath } from 'node:url';
import { FerError } from './errors.js';

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
  /** Compute a Grad-CAM map per branch. Default false. */
  gradCam?: boolean;
  /** Folder with esr9.safetensors. Default: the package's models/esr9. */
  modelDir?: string;
  /** Largest accepted image, in pixels. Default 50,000,000. */
  maxPixels?: number;
  /** CPU threads per ONNX Runtime session (detector, ESR-9); 0 = half the cores each, as they run side by side. Default 0. */
  threads?: number;
  /**
   * Arithmetic of the onnx engine on the CPU: 'auto' (ESR-9 in int8 on CPUs with int8 dot-product instructions,
   * AVX-VNNI or AVX512-VNNI, where it pays, else fp32; the detector in fp32), 'int8' (ESR-9 and the detector in
   * int8: fastest, the detector's boxes move a little) or 'fp32'. Default 'auto'.
   */
  precision?: 'auto' | 'fp32' | 'int8';
  /**
   * Side of the square the SSD detector sees images and video frames at: a multiple of 32 in 160..1024.
   * Default 512 (face-api's): smaller sides are faster but moved labels on the sample clips (README).
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

const BACKENDS: Record<ResolvedOptions['engine'], string[]> = {
  onnx: ['auto', 'cpu', 'webgpu', 'cuda'],
  tfjs: ['auto', 'wasm', 'tensorflow', 'cpu'],
};

/** Fail with INVALID_OPTION naming the option and what it accepts. */
function reject(name: string, value: unknown, expected: string): never {
  throw new FerError('INVALID_OPTION', `invalid ${name}: ${JSON.stringify(value)} (expected ${expected})`, `see fer --help`);
}

/**
 * Merge user options over the defaults and validate them.
 * @example
 * const opts = resolveOptions({ engine: 'tfjs', classes: 7 });
 */
export function resolveOptions(options: FerOptions = {}): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULTS, ...defined } as ResolvedOptions;
  if (o.engine !== 'onnx' && o.engine !== 'tfjs') reject('engine', o.engine, 'onnx or tfjs');
  if (!BACKENDS[o.engine].includes(o.backend)) reject('backend', o.backend, `${BACKENDS[o.engine].join(', ')} for engine ${o.engine}`);
  if (o.gpu && ['cpu', 'wasm'].includes(o.backend)) reject('backend', o.backend, 'a GPU backend (webgpu, cuda or tensorflow) with --gpu');
  if (o.detector !== 'ssd' && o.detector !== 'none') reject('detector', o.detector, 'ssd or none');
  if (!(o.minConfidence > 0 && o.minConfidence < 1)) reject('min-confidence', o.minConfidence, 'a number between 0 and 1');
  if (![8, 7, 6].includes(Number(o.classes))) reject('classes', o.classes, '8, 7 or 6');
  o.classes = Number(o.classes) as 8 | 7 | 6;
  if (!(Number.isInteger(o.maxPixels) && o.maxPixels > 0)) reject('max-pixels', o.maxPixels, 'a positive integer');
  if (!(Number.isInteger(o.threads) && o.threads >= 0)) reject('threads', o.threads, 'a non-negative integer');
  const side = o.detectorSize;
  if (!(Number.isInteger(side) && side % 32 === 0 && side >= 160 && side <= 1024)) reject('detector-size', side, 'a multiple of 32 from 160 to 1024');
  if (typeof o.flip !== 'boolean') reject('flip', o.flip, 'true or false');
  if (!['auto', 'fp32', 'int8'].includes(o.precision)) reject('precision', o.precision, 'auto, fp32 or int8');
  if (o.precision === 'int8' && (o.engine !== 'onnx' || o.gpu || !['auto', 'cpu'].includes(o.backend))) {
    reject('precision', o.precision, 'fp32 or auto: int8 runs on the onnx engine\'s CPU backend only');
  }
  return o;
}

/** What fer writes and draws: the output-options group of `fer image`, `video`, `webcam` and `queue add`, and of a queued job. */
export interface OutputOptions {
  /** Folder the result files are written to; none: no files. */
  output?: string;
  /** Video frames analysed per second of video time; 0 = every frame. Default 0. */
  fps?: number;
  /**
   * Video: run the face detector on every k-th analysed frame (an integer >= 1; 1 = every frame) and move
   * the faces' boxes in between; a new face can be missed for up to k - 1 frames. Images are always
   * detected. Default 3 (see bench/detect-every.ts).
   */
  detectEvery?: number;
  /** Draw the branch panel (and list every branch in image tables). Default false. */
  branches?: boolean;
  /** Compute Grad-CAM maps and draw them in the branch panel. Default false. */
  gradCam?: boolean;
  /** Draw the arousal/valence plot in videos. Default true. */
  plot?: boolean;
  /** Output size of the reference's `-s` (1920x1080, 1440x900, 1024x768), or null to follow the input. Default null. */
  size?: 1 | 2 | 3 | null;
}

/** Output options after defaults and validation (the folder stays optional). */
export type ResolvedOutputOptions = Required<Omit<OutputOptions, 'output'>> & Pick<OutputOptions, 'output'>;

/**
 * Every output option's default, beside DEFAULTS.
 * @example
 * OUTPUT_DEFAULTS.plot; // true
 */
export const OUTPUT_DEFAULTS: Readonly<Required<Omit<OutputOptions, 'output'>>> = { fps: 0, detectEvery: 3, branches: false, gradCam: false, plot: true, size: null };

/**
 * Merge output options over their defaults and validate them (INVALID_OPTION naming the first problem).
 * @example
 * resolveOutputOptions({ fps: 5, size: 2 }); // { fps: 5, detectEvery: 3, branches: false, gradCam: false, plot: true, size: 2 }
 */
export function resolveOutputOptions(options: OutputOptions = {}): ResolvedOutputOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...OUTPUT_DEFAULTS, ...defined } as ResolvedOutputOptions;
  if (o.output !== undefined && (typeof o.output !== 'string' || o.output === '' || o.output.includes('\0'))) reject('output', o.output, 'a folder path');
  if (typeof o.fps !== 'number' || !Number.isFinite(o.fps) || o.fps < 0) reject('fps', o.fps, 'a number >= 0; 0 = every frame');
  if (!(Number.isInteger(o.detectEvery) && o.detectEvery >= 1)) reject('detectEvery', o.detectEvery, 'an integer >= 1; 1 = every frame');
  for (const key of ['branches', 'gradCam', 'plot'] as const) if (typeof o[key] !== 'boolean') reject(key, o[key], 'true or false');
  if (o.size !== null && o.size !== 1 && o.size !== 2 && o.size !== 3) reject('size', o.size, '1, 2, 3 or null');
  return o;
}
