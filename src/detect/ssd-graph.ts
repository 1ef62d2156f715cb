import { GraphBuilder } from '../runtime/onnx-builder.js';
import { dequantize, quantize } from '../runtime/qdq.js';
import { emitInt8Layer, SSD_INPUT_GRID } from './ssd-int8-layers.js';
import { SSD_BN_EPSILON, requireWeight, type SsdWeights } from './ssd-weights.js';

/** Side of the square SSD input face-api uses (and its anchors are shipped for). */
export const SSD_INPUT_SIZE = 512;

/** MobileNetV1 layers (1-based) whose depthwise convolution has stride 2. */
const STRIDE_TWO_LAYERS = [2, 4, 6, 12];

/** TensorFlow 'same' padding for any input side: the extra pixel goes at the end, as ONNX's SAME_UPPER. */
const SAME_PADDING = { auto_pad: { str: 'SAME_UPPER' } };

/** A weight as a float32 value: uint8 storage is dequantised and layouts transposed in the graph (folded by ONNX Runtime). */
function weight(g: GraphBuilder, weights: SsdWeights, name: string, perm?: number[]): string {
  const w = requireWeight(weights, name);
  let value = w.quantization
    ? g.node('Add', [
        g.node('Mul', [
          g.floatConstant(name, w.shape, 'U8', w.bytes),
          g.floats(`${name}.scale`, [], Float32Array.of(w.quantization.scale)),
        ]),
        g.floats(`${name}.min`, [], Float32Array.of(w.quantization.min)),
      ])
    : g.constant(name, w.shape, 'F32', new Uint8Array(w.bytes));
  if (perm) value = g.node('Transpose', [value], { perm });
  return value;
}

/** A convolution with 'same' padding from TF-layout filters (HWIO, or HW C 1 for depthwise). */
function conv(
  g: GraphBuilder,
  weights: SsdWeights,
  x: string,
  filters: string,
  stride: number,
  bias: string | null,
  depthwise = false,
): string {
  const shape = (weights.get(filters)?.shape ?? []) as number[];
  const kernel = shape[0];
  const inputs = [
    x,
    weight(g, weights, filters, depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]),
    ...(bias ? [weight(g, weights, bias)] : []),
  ];
  return g.node('Conv', inputs, {
    kernel_shape: [kernel, kernel],
    strides: [stride, stride],
    ...SAME_PADDING,
    ...(depthwise ? { group: { int: shape[2] } } : {}),
  });
}

/** A float32 MobileNetV1 layer, as face-api computes it: 'pointwise' (conv + bn offset) or 'depthwise' (depthwise conv + batch-norm), then ReLU6. */
function floatLayer(
  g: GraphBuilder,
  weights: SsdWeights,
  x: string,
  prefix: string,
  kind: 'pointwise' | 'depthwise',
  stride: number,
): string {
  let y: string;
  if (kind === 'pointwise') y = conv(g, weights, x, `${prefix}/weights`, stride, `${prefix}/convolution_bn_offset`);
  else {
    const c = conv(g, weights, x, `${prefix}/depthwise_weights`, stride, null, true);
    const bn = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) =>
      weight(g, weights, `${prefix}/BatchNorm/${p}`),
    );
    y = g.node('BatchNormalization', [c, ...bn], { epsilon: { float: SSD_BN_EPSILON } });
  }
  return g.node('Clip', [y, 'ssd.zero', 'ssd.six']);
}

/** One box predictor: box encodings (N, A, 4) and class logits (N, A, 3), anchors in (row, column, anchor) order. */
function predictor(g: GraphBuilder, weights: SsdWeights, x: string, index: number): { boxes: string; classes: string } {
  const head = (kind: string, k: number): string => {
    const prefix = `Prediction/BoxPredictor_${index}/${kind}`;
    const y = conv(g, weights, x, `${prefix}/weights`, 1, `${prefix}/biases`);
    return g.node('Reshape', [
      g.node('Transpose', [y], { perm: [0, 2, 3, 1] }),
      g.int64s(`${prefix}.shape`, [0, -1, k]),
    ]);
  };
  return { boxes: head('BoxEncodingPredictor', 4), classes: head('ClassPredictor', 3) };
}

/** How one precision emits MobileNetV1's layers; values flow between them in that precision's form. */
interface LayerEmitter {
  input(): string;
  layer(x: string, prefix: string, kind: 'pointwise' | 'depthwise', stride: number): string;
  /** The float32 value of a layer's output, for the box predictors. */
  float(x: string): string;
}

/** float32 layers, as face-api computes them. */
function floatEmitter(g: GraphBuilder, weights: SsdWeights): LayerEmitter {
  return {
    input: () => 'input',
    layer: (x, prefix, kind, stride) => floatLayer(g, weights, x, prefix, kind, stride),
    float: (x) => x,
  };
}

/**
 * int8 layers (static QDQ; values are quantize() names). Every ReLU6 output goes on the [0, 6] grid: measured
 * on frames of the sample clips, the 99.99th percentile of every layer's output is 6, so calibration data
 * would change nothing. The input goes on [-1, 1].
 */
function int8Emitter(g: GraphBuilder, weights: SsdWeights): LayerEmitter {
  const grids = new Map([['input', SSD_INPUT_GRID]]);
  return {
    input: () => {
      quantize(g, 'input', 'input', SSD_INPUT_GRID);
      return 'input';
    },
    layer: (x, prefix, kind, stride) => {
      const out = emitInt8Layer(g, weights, { name: x, grid: grids.get(x)! }, prefix, kind, {
        strides: [stride, stride],
        ...SAME_PADDING,
      });
      grids.set(out.name, out.grid);
      return out.name;
    },
    float: (x) => dequantize(g, x),
  };
}

/**
 * Build face-api's SSD MobileNetV1 as an ONNX model from its shipped weights, in float32 or int8 (per-channel
 * int8 weights, uint8 activations: ONNX Runtime runs every MobileNetV1 convolution as an int8 kernel; the box
 * predictors stay float). Input `input` (N, 3, S, S) scaled to [-1, 1], any side S (512 for face-api's own
 * anchors; ssd-anchors.ts places them for others); outputs `boxes` (N, A, 4) box encodings and `scores`
 * (N, A, 3) sigmoid class scores (column 1 is "face"); A = 5118 at 512.
 * @example
 * const bytes = buildSsdModel(await loadSsdWeights(), 'int8');
 */
export function buildSsdModel(weights: SsdWeights, precision: 'fp32' | 'int8' = 'fp32'): Uint8Array {
  const g = new GraphBuilder();
  g.floats('ssd.zero', [], Float32Array.of(0));
  g.floats('ssd.six', [], Float32Array.of(6));
  const emit = precision === 'int8' ? int8Emitter(g, weights) : floatEmitter(g, weights);
  let x = emit.layer(emit.input(), 'MobilenetV1/Conv2d_0_pointwise', 'pointwise', 2);
  let conv11 = x;
  for (let i = 1; i <= 13; i++) {
    x = emit.layer(x, `MobilenetV1/Conv2d_${i}_depthwise`, 'depthwise', STRIDE_TWO_LAYERS.includes(i) ? 2 : 1);
    x = emit.layer(x, `MobilenetV1/Conv2d_${i}_pointwise`, 'pointwise', 1);
    if (i === 11) conv11 = x;
  }
  const sources = [conv11, x];
  let y = x;
  for (let i = 0; i < 8; i++) {
    y = emit.layer(y, `Prediction/Conv2d_${i}_pointwise`, 'pointwise', i % 2 ? 2 : 1);
    if (i % 2) sources.push(y);
  }
  const heads = sources.map((s, i) => predictor(g, weights, emit.float(s), i));
  g.node(
    'Concat',
    heads.map((h) => h.boxes),
    { axis: { int: 1 } },
    'boxes',
  );
  g.node(
    'Sigmoid',
    [
      g.node(
        'Concat',
        heads.map((h) => h.classes),
        { axis: { int: 1 } },
      ),
    ],
    {},
    'scores',
  );
  return g.encode(
    `ssd_mobilenetv1_${precision}`,
    [g.input('input', ['N', 3, 'S', 'S'])],
    [g.output('boxes', ['N', 'A', 4]), g.output('scores', ['N', 'A', 3])],
  );
}
