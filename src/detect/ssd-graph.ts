import { FerError } from '../errors.js';
import { GraphBuilder } from '../runtime/onnx-builder.js';
import type { SsdWeights } from './ssd-weights.js';

/** Side of the square SSD input. */
export const SSD_INPUT_SIZE = 512;

/** Batch-norm epsilon of face-api's MobileNetV1 depthwise layers. */
const BN_EPSILON = 0.0010000000474974513;

/** MobileNetV1 layers (1-based) whose depthwise convolution has stride 2. */
const STRIDE_TWO_LAYERS = [2, 4, 6, 12];

/** A feature map flowing through the graph: its value name and spatial side. */
interface Feature {
  name: string;
  size: number;
}

/** A weight as a float32 value: uint8 storage is dequantised and layouts transposed in the graph (folded by ONNX Runtime). */
function weight(g: GraphBuilder, weights: SsdWeights, name: string, perm?: number[]): string {
  const w = weights.get(name);
  if (!w) throw new FerError('MODEL_INVALID', `face detector weights lack ${name}`, 'reinstall @vladmandic/face-api');
  let value = w.quantization
    ? g.node('Add', [
      g.node('Mul', [g.floatConstant(name, w.shape, 'U8', w.bytes), g.floats(`${name}.scale`, [], Float32Array.of(w.quantization.scale))]),
      g.floats(`${name}.min`, [], Float32Array.of(w.quantization.min)),
    ])
    : g.constant(name, w.shape, 'F32', new Uint8Array(w.bytes));
  if (perm) value = g.node('Transpose', [value], { perm });
  return value;
}

/** TensorFlow 'same' padding of a k x k convolution with this stride on a square input (extra pixel at the end). */
function samePadding(size: number, kernel: number, stride: number): { pads: number[]; out: number } {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const begin = Math.floor(total / 2);
  return { pads: [begin, begin, total - begin, total - begin], out };
}

/** A convolution with 'same' padding from TF-layout filters (HWIO, or HW C 1 for depthwise). */
function conv(g: GraphBuilder, weights: SsdWeights, x: Feature, filters: string, stride: number, bias: string | null, depthwise = false): Feature {
  const shape = (weights.get(filters)?.shape ?? []) as number[];
  const kernel = shape[0];
  const { pads, out } = samePadding(x.size, kernel, stride);
  const inputs = [x.name, weight(g, weights, filters, depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]), ...(bias ? [weight(g, weights, bias)] : [])];
  const name = g.node('Conv', inputs, { kernel_shape: [kernel, kernel], strides: [stride, stride], pads, ...(depthwise ? { group: { int: shape[2] } } : {}) });
  return { name, size: out };
}

/** Clip to [0, 6] (ReLU6). */
function relu6(g: GraphBuilder, x: Feature): Feature {
  return { name: g.node('Clip', [x.name, 'ssd.zero', 'ssd.six']), size: x.size };
}

/** A 'pointwise' layer of face-api: conv + bn offset + ReLU6. */
function pointwise(g: GraphBuilder, weights: SsdWeights, x: Feature, prefix: string, stride: number): Feature {
  return relu6(g, conv(g, weights, x, `${prefix}/weights`, stride, `${prefix}/convolution_bn_offset`));
}

/** A depthwise layer: depthwise conv + batch-norm + ReLU6. */
function depthwise(g: GraphBuilder, weights: SsdWeights, x: Feature, prefix: string, stride: number): Feature {
  const c = conv(g, weights, x, `${prefix}/depthwise_weights`, stride, null, true);
  const bn = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => weight(g, weights, `${prefix}/BatchNorm/${p}`));
  return relu6(g, { name: g.node('BatchNormalization', [c.name, ...bn], { epsilon: { float: BN_EPSILON } }), size: c.size });
}

/** One box predictor: box encodings (N, A, 4) and class logits (N, A, 3), anchors in (row, column, anchor) order. */
function predictor(g: GraphBuilder, weights: SsdWeights, x: Feature, index: number): { boxes: string; classes: string } {
  const head = (kind: string, k: number): string => {
    const prefix = `Prediction/BoxPredictor_${index}/${kind}`;
    const y = conv(g, weights, x, `${prefix}/weights`, 1, `${prefix}/biases`);
    return g.node('Reshape', [g.node('Transpose', [y.name], { perm: [0, 2, 3, 1] }), g.int64s(`${prefix}.shape`, [0, -1, k])]);
  };
  return { boxes: head('BoxEncodingPredictor', 4), classes: head('ClassPredictor', 3) };
}

/**
 * Build face-api's SSD MobileNetV1 as an ONNX model from its shipped weights. Input `input`
 * (N, 3, 512, 512) scaled to [-1, 1]; outputs `boxes` (N, 5118, 4) box encodings and `scores`
 * (N, 5118, 3) sigmoid class scores (column 1 is "face").
 * @example
 * const bytes = buildSsdModel(await loadSsdWeights());
 */
export function buildSsdModel(weights: SsdWeights): Uint8Array {
  const g = new GraphBuilder();
  g.floats('ssd.zero', [], Float32Array.of(0));
  g.floats('ssd.six', [], Float32Array.of(6));
  let x = pointwise(g, weights, { name: 'input', size: SSD_INPUT_SIZE }, 'MobilenetV1/Conv2d_0_pointwise', 2);
  let conv11 = x;
  for (let i = 1; i <= 13; i++) {
    x = depthwise(g, weights, x, `MobilenetV1/Conv2d_${i}_depthwise`, STRIDE_TWO_LAYERS.includes(i) ? 2 : 1);
    x = pointwise(g, weights, x, `MobilenetV1/Conv2d_${i}_pointwise`, 1);
    if (i === 11) conv11 = x;
  }
  const sources = [conv11, x];
  let y = x;
  for (let i = 0; i < 8; i++) {
    y = pointwise(g, weights, y, `Prediction/Conv2d_${i}_pointwise`, i % 2 ? 2 : 1);
    if (i % 2) sources.push(y);
  }
  const heads = sources.map((s, i) => predictor(g, weights, s, i));
  g.node('Concat', heads.map((h) => h.boxes), { axis: { int: 1 } }, 'boxes');
  g.node('Sigmoid', [g.node('Concat', heads.map((h) => h.classes), { axis: { int: 1 } })], {}, 'scores');
  return g.encode('ssd_mobilenetv1', [g.input('input', ['N', 3, SSD_INPUT_SIZE, SSD_INPUT_SIZE])],
    [g.output('boxes', ['N', 'A', 4]), g.output('scores', ['N', 'A', 3])]);
}
