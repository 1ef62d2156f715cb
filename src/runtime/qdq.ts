import type { GraphBuilder } from './onnx-builder.js';

/** An 8-bit activation grid: real value = scale * (q - zeroPoint), q in 0..255. */
export interface ActivationScale {
  scale: number;
  zeroPoint: number;
}

/** A quantised value in a graph: the name quantize() registered it under, and its grid. */
export interface QuantizedValue {
  name: string;
  grid: ActivationScale;
}

/** A float convolution (OIHW weight, bias per output channel) to be stored as int8. */
export interface FloatConv {
  weight: Float32Array;
  bias: Float32Array;
  outChannels: number;
  shape: number[];
}

/**
 * The uint8 grid of a non-negative activation whose values reach up to `max` (ReLU outputs).
 * @example
 * reluScale(6); // { scale: 6 / 255, zeroPoint: 0 }: ReLU6
 */
export function reluScale(max: number): ActivationScale {
  return { scale: Math.max(max, 1e-6) / 255, zeroPoint: 0 };
}

/**
 * Per-output-channel symmetric int8 weights: scale_c = max|w_c| / 127, q = round(w / scale_c).
 * @example
 * quantizeWeights(Float32Array.of(0.5, -1, 2, 1), 2); // { q: [64, -127, 127, 64], scales: [1/127, 2/127] }
 */
export function quantizeWeights(weight: Float32Array, outChannels: number): { q: Int8Array; scales: Float32Array } {
  const per = weight.length / outChannels;
  const q = new Int8Array(weight.length);
  const scales = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    let max = 0;
    for (let i = o * per; i < (o + 1) * per; i++) max = Math.max(max, Math.abs(weight[i]));
    const scale = max > 0 ? max / 127 : 1;
    scales[o] = scale;
    for (let i = o * per; i < (o + 1) * per; i++) q[i] = Math.max(-127, Math.min(127, Math.round(weight[i] / scale)));
  }
  return { q, scales };
}

/**
 * Quantise a float value onto an 8-bit grid (QuantizeLinear); returns the uint8 value's name. Each
 * consumer then takes its own dequantize() of it, which is the pattern ONNX Runtime fuses into int8 kernels.
 * @example
 * const q = quantize(g, 'input', 'input', { scale: 1 / 255, zeroPoint: 0 });
 */
export function quantize(g: GraphBuilder, x: string, name: string, grid: ActivationScale): string {
  g.floats(`${name}.q_scale`, [], Float32Array.of(grid.scale));
  g.constant(`${name}.q_zero`, [], 'U8', Uint8Array.of(grid.zeroPoint));
  return g.node('QuantizeLinear', [x, `${name}.q_scale`, `${name}.q_zero`], {}, `${name}.q`);
}

/**
 * Dequantise a value made by quantize() (a fresh DequantizeLinear node per call).
 * @example
 * const x = dequantize(g, 'input');
 */
export function dequantize(g: GraphBuilder, name: string): string {
  return g.node('DequantizeLinear', [`${name}.q`, `${name}.q_scale`, `${name}.q_zero`]);
}

/**
 * A convolution on a quantised input: int8 per-channel weights and an int32 bias on the input scale times
 * each weight scale, both dequantised in the graph, as ONNX Runtime's QDQ fusion expects; returns the float
 * output name (quantize() it to get an int8 kernel).
 * @example
 * const y = emitQuantizedConv(g, 'base.conv1', dequantize(g, 'input'), inputGrid, conv, { kernel_shape: [5, 5] });
 */
export function emitQuantizedConv(
  g: GraphBuilder,
  name: string,
  x: string,
  inputGrid: ActivationScale,
  conv: FloatConv,
  attributes: Parameters<GraphBuilder['node']>[2],
): string {
  const { q, scales } = quantizeWeights(conv.weight, conv.outChannels);
  const c = conv.outChannels;
  g.constant(`${name}.w_q`, conv.shape, 'I8', new Uint8Array(q.buffer));
  g.floats(`${name}.w_scale`, [c], scales);
  g.constant(`${name}.w_zero`, [c], 'I8', new Uint8Array(c));
  const w = g.node('DequantizeLinear', [`${name}.w_q`, `${name}.w_scale`, `${name}.w_zero`], { axis: { int: 0 } });
  const biasScales = scales.map((s) => s * inputGrid.scale);
  const bias = Int32Array.from(conv.bias, (b, o) => Math.round(b / biasScales[o]));
  g.constant(`${name}.b_q`, [c], 'I32', new Uint8Array(bias.buffer));
  g.floats(`${name}.b_scale`, [c], biasScales);
  g.constant(`${name}.b_zero`, [c], 'I32', new Uint8Array(4 * c));
  const b = g.node('DequantizeLinear', [`${name}.b_q`, `${name}.b_scale`, `${name}.b_zero`], { axis: { int: 0 } });
  return g.node('Conv', [x, w, b], attributes);
}
