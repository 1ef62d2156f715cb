import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FerError } from '../errors.js';
import {
  BASE_CONVS,
  ESR9_BN_EPSILON,
  BRANCH_CONVS,
  type ConvSpec,
  INPUT_SIZE_RANGE,
  layerPrefix,
  listParameters,
  NUM_BRANCHES,
  PAPER_INPUT_SIZE,
} from './definition.js';
import { type Esr9Calibration, loadCalibration } from './int8-calibration.js';
import { type NamedTensor, openSafetensors } from './safetensors.js';

/** A convolution with batch-norm folded in: weight OIHW and bias. */
export interface FoldedConv {
  spec: ConvSpec;
  weight: Float32Array;
  bias: Float32Array;
}

/** A dense layer: weight [out, in] row-major and bias. */
export interface Dense {
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/** ESR-9 parameters as stored (validated, float32 values decoded only where used). */
export interface Esr9Weights {
  /** Every tensor by its training name, e.g. 'branches.3.conv2.weight'. */
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
  /** Side of the square network input the weights were trained at (metadata `input_size`; 96 when absent). */
  inputSize: number;
  /** The weights file's identity (path, size, modification time): the key of the optimised-graph cache. */
  source: string;
  /** Activation ranges for the int8 graph (esr9.int8.json beside the weights); absent: float32 only. */
  calibration?: Esr9Calibration | null;
}

/** ESR-9 with batch-norm folded into the convolutions, as float32 (for the tfjs engine). */
export interface FoldedWeights {
  base: FoldedConv[];
  branches: { convs: FoldedConv[]; fc: Dense; fcDimensional: Dense }[];
}

/**
 * Check every expected tensor exists with the expected shape.
 * @example
 * validateTensors(parseSafetensors(buf, file).tensors, file);
 */
export function validateTensors(tensors: Map<string, NamedTensor>, file: string): void {
  for (const [name, shape] of listParameters()) {
    const t = tensors.get(name);
    if (!t)
      throw new FerError(
        'MODEL_INVALID',
        `${file}: missing tensor ${name}`,
        'the weights do not match ESR-9; re-export them with training/export.py',
      );
    if (t.shape.join('x') !== shape.join('x')) {
      throw new FerError(
        'MODEL_INVALID',
        `${file}: tensor ${name} has shape [${t.shape}] (expected [${shape}])`,
        'the weights do not match ESR-9; re-export them with training/export.py',
      );
    }
  }
}

/**
 * The input side a weights file declares in its `input_size` metadata (the paper's 96 when the field is absent).
 * @example
 * readInputSize({ input_size: '48' }, 'models/esr9/esr9.safetensors'); // 48
 */
export function readInputSize(metadata: Record<string, string>, file: string): number {
  if (metadata.input_size === undefined) return PAPER_INPUT_SIZE;
  const size = Number(metadata.input_size);
  const [low, high] = INPUT_SIZE_RANGE;
  if (!Number.isInteger(size) || size < low || size > high) {
    throw new FerError(
      'MODEL_INVALID',
      `${file}: input_size "${metadata.input_size}" is not a whole number of pixels from ${low} to ${high}`,
      'the weights file metadata is damaged; re-export it with training/export.py',
    );
  }
  return size;
}

/** Fold conv + batch-norm parameters into one convolution. */
function foldConv(tensors: Map<string, NamedTensor>, prefix: string, spec: ConvSpec, index: number): FoldedConv {
  const get = (n: string): Float32Array => (tensors.get(prefix + n) as NamedTensor).data;
  const w = get(`${spec.name}.weight`);
  const b = get(`${spec.name}.bias`);
  const bn = (p: string): Float32Array => get(`bn${index + 1}.${p}`);
  const [gamma, beta, mean, variance] = [bn('weight'), bn('bias'), bn('running_mean'), bn('running_var')];
  const per = spec.inChannels * spec.kernel * spec.kernel;
  const weight = new Float32Array(w.length);
  const bias = new Float32Array(spec.outChannels);
  for (let o = 0; o < spec.outChannels; o++) {
    const scale = gamma[o] / Math.sqrt(variance[o] + ESR9_BN_EPSILON);
    for (let i = 0; i < per; i++) weight[o * per + i] = w[o * per + i] * scale;
    bias[o] = (b[o] - mean[o]) * scale + beta[o];
  }
  return { spec, weight, bias };
}

/**
 * The float32 weight set with batch-norm folded in (the onnx engine folds in its graph instead).
 * @example
 * const folded = foldWeights(await loadWeights('models/esr9'));
 */
export function foldWeights(weights: Esr9Weights): FoldedWeights {
  const { tensors } = weights;
  const dense = (prefix: string, name: string): Dense => {
    const w = tensors.get(`${prefix}${name}.weight`) as NamedTensor;
    return {
      weight: w.data,
      bias: (tensors.get(`${prefix}${name}.bias`) as NamedTensor).data,
      outFeatures: w.shape[0],
      inFeatures: w.shape[1],
    };
  };
  const base = BASE_CONVS.map((c, i) => foldConv(tensors, layerPrefix(null), c, i));
  const branches = Array.from({ length: NUM_BRANCHES }, (_, b) => ({
    convs: BRANCH_CONVS.map((c, i) => foldConv(tensors, layerPrefix(b), c, i)),
    fc: dense(layerPrefix(b), 'fc'),
    fcDimensional: dense(layerPrefix(b), 'fc_dimensional'),
  }));
  return { base, branches };
}

/**
 * Read and validate the header of `esr9.safetensors` in a model folder; the tensors are read when an engine
 * first needs them (not at all when ONNX Runtime's optimised graph is cached).
 * @example
 * const weights = await loadWeights('models/esr9');
 */
export async function loadWeights(modelDir: string): Promise<Esr9Weights> {
  const file = join(modelDir, 'esr9.safetensors');
  let source: string;
  let bytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    source = `${file}:${info.size}:${info.mtimeMs}`;
    bytes = info.size;
  } catch (e) {
    throw new FerError(
      'MODEL_MISSING',
      `model weights not found: ${file}`,
      'restore models/esr9 from git, or pass --model-dir pointing at a folder with esr9.safetensors',
      { cause: e },
    );
  }
  const { tensors, metadata } = await openSafetensors(file);
  validateTensors(tensors, file);
  return {
    tensors,
    metadata,
    inputSize: readInputSize(metadata, file),
    source,
    calibration: await loadCalibration(modelDir, bytes),
  };
}
