/** Batch-norm folding of one ESR-9 convolution at a time, read straight from the stored bytes. */
import { ESR9_BN_EPSILON, type ConvSpec } from './definition.js';
import { halfToFloatTable, type NamedTensor } from './safetensors.js';
import type { Esr9Weights } from './weights.js';

/**
 * How the batch-norm scale is computed: 'float64' as `foldWeights()` does (so the int8 graph quantises the
 * same values), 'float32' as ONNX Runtime folds the Div/Sqrt/Mul nodes of a graph (every step rounded to float32).
 */
export type FoldArithmetic = 'float32' | 'float64';

/** A convolution with batch-norm folded in: weight OIHW and bias, float32. */
export interface FoldedValues {
  weight: Float32Array;
  bias: Float32Array;
}

/** Little-endian elements of `bytes` as a typed array, copied only when the view would be misaligned. */
function alignedView<T>(
  bytes: Uint8Array,
  size: number,
  make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
): T {
  const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return make(aligned.buffer, aligned.byteOffset, aligned.byteLength / size);
}

/** Write t's values times scales[o] (one scale per output channel) into `out`: float16 through the lookup table, no cached float32 copy. */
function scaleInto(out: Float32Array, t: NamedTensor, scales: Float64Array): void {
  const per = out.length / scales.length;
  if (t.dtype === 'F16') {
    const half = alignedView(t.bytes, 2, (b, o, n) => new Uint16Array(b, o, n));
    const table = halfToFloatTable();
    for (let o = 0; o < scales.length; o++) {
      const s = scales[o];
      for (let i = o * per, end = i + per; i < end; i++) out[i] = table[half[i]] * s;
    }
    return;
  }
  const values = alignedView(t.bytes, 4, (b, o, n) => new Float32Array(b, o, n));
  for (let o = 0; o < scales.length; o++) {
    const s = scales[o];
    for (let i = o * per, end = i + per; i < end; i++) out[i] = values[i] * s;
  }
}

/**
 * One convolution of `prefix` (e.g. 'branches.3.') with its batch-norm folded in, decoded from the stored
 * bytes without keeping a float32 copy of the stored weight. 'float64' gives exactly `foldWeights()`'s values,
 * 'float32' exactly what ONNX Runtime's constant folding made of the same Div/Sqrt/Mul/Sub/Add nodes.
 * @example
 * const { weight, bias } = foldConv(weights, 'branches.0.', BRANCH_CONVS[0], 0, 'float32');
 */
export function foldConv(
  weights: Esr9Weights,
  prefix: string,
  spec: ConvSpec,
  index: number,
  arithmetic: FoldArithmetic,
): FoldedValues {
  const get = (n: string): NamedTensor => weights.tensors.get(`${prefix}${n}`) as NamedTensor;
  const bn = (p: string): Float32Array => get(`bn${index + 1}.${p}`).data;
  const [gamma, beta, mean, variance] = [bn('weight'), bn('bias'), bn('running_mean'), bn('running_var')];
  const b = get(`${spec.name}.bias`).data;
  const f = arithmetic === 'float32' ? Math.fround : (x: number): number => x;
  const eps = f(ESR9_BN_EPSILON);
  const scales = new Float64Array(spec.outChannels);
  const bias = new Float32Array(spec.outChannels);
  for (let o = 0; o < spec.outChannels; o++) {
    scales[o] = f(gamma[o] / f(Math.sqrt(f(variance[o] + eps))));
    bias[o] = f(f(b[o] - mean[o]) * scales[o]) + beta[o];
  }
  const weight = new Float32Array(spec.outChannels * spec.inChannels * spec.kernel * spec.kernel);
  scaleInto(weight, get(`${spec.name}.weight`), scales);
  return { weight, bias };
}
