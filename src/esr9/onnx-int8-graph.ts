import { GraphBuilder } from '../runtime/onnx-builder.js';
import {
  type ActivationScale,
  dequantize,
  emitQuantizedConv,
  quantize,
  type QuantizedValue,
  reluScale,
} from '../runtime/qdq.js';
import type { ConvSpec } from './definition.js';
import { BASE_CONVS, BRANCH_CONVS, BRANCH_DENSE, layerPrefix, NUM_BRANCHES, SHARED_CHANNELS } from './definition.js';
import { foldConv } from './fold-convs.js';
import type { Esr9Calibration } from './int8-calibration.js';
import { param } from './onnx-graph.js';
import type { Esr9Weights } from './weights.js';

/** The input grid: grey levels / 255 are exact on it. */
const INPUT_GRID: ActivationScale = { scale: 1 / 255, zeroPoint: 0 };

/**
 * Conv (int8 weights) + ReLU, quantised on the layer's calibrated range, then the optional 2x2 max-pool on the
 * same grid. The layer's batch-norm is folded here, one layer at a time, with foldWeights()'s arithmetic.
 */
function emitLayer(
  g: GraphBuilder,
  weights: Esr9Weights,
  x: QuantizedValue,
  prefix: string,
  spec: ConvSpec,
  index: number,
  ranges: Record<string, number>,
): QuantizedValue {
  const name = `${prefix}${spec.name}`;
  const conv = foldConv(weights, prefix, spec, index, 'float64');
  const shape = [spec.outChannels, spec.inChannels, spec.kernel, spec.kernel];
  const y = emitQuantizedConv(
    g,
    name,
    dequantize(g, x.name),
    x.grid,
    { weight: conv.weight, bias: conv.bias, outChannels: spec.outChannels, shape },
    { kernel_shape: [spec.kernel, spec.kernel], pads: [spec.padding, spec.padding, spec.padding, spec.padding] },
  );
  const grid = reluScale(ranges[name]);
  quantize(g, g.node('Relu', [y]), name, grid);
  if (!spec.poolAfter) return { name, grid };
  const pooled = g.node('MaxPool', [dequantize(g, name)], { kernel_shape: [2, 2], strides: [2, 2] });
  quantize(g, pooled, `${name}.pool`, grid);
  return { name: `${name}.pool`, grid };
}

/**
 * Build ESR-9 as a static-QDQ int8 ONNX model: batch-norm folded, per-channel symmetric int8 weights, each
 * ReLU output on a uint8 grid from the calibrated ranges, so ONNX Runtime runs every convolution as an int8
 * kernel (QLinearConv); pooling and the small dense heads stay float. Same inputs and outputs as buildOnnxModel().
 * @example
 * const bytes = buildInt8OnnxModel(weights, weights.calibration!);
 */
export function buildInt8OnnxModel(weights: Esr9Weights, calibration: Esr9Calibration): Uint8Array {
  const g = new GraphBuilder();
  const { ranges } = calibration;
  quantize(g, 'input', 'input', INPUT_GRID);
  let x: QuantizedValue = { name: 'input', grid: INPUT_GRID };
  BASE_CONVS.forEach((spec, i) => (x = emitLayer(g, weights, x, layerPrefix(null), spec, i, ranges)));
  g.node('Identity', [dequantize(g, x.name)], {}, 'shared');
  const outputs = [g.output('shared', ['N', SHARED_CHANNELS, 'S', 'S'])];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    let y = x;
    BRANCH_CONVS.forEach((spec, i) => (y = emitLayer(g, weights, y, layerPrefix(b), spec, i, ranges)));
    const flat = g.node('Flatten', [g.node('GlobalAveragePool', [dequantize(g, y.name)])]);
    const dense = (input: string, name: string): string =>
      g.node(
        'Gemm',
        [
          input,
          param(g, weights, `${layerPrefix(b)}${name}.weight`),
          param(g, weights, `${layerPrefix(b)}${name}.bias`),
        ],
        { transB: { int: 1 } },
      );
    g.node('Identity', [dense(flat, BRANCH_DENSE[0].name)], {}, `logits_${b}`);
    g.node('Identity', [dense(g.node('Relu', [`logits_${b}`]), BRANCH_DENSE[1].name)], {}, `affect_${b}`);
    outputs.push(
      g.output(`logits_${b}`, ['N', BRANCH_DENSE[0].outFeatures]),
      g.output(`affect_${b}`, ['N', BRANCH_DENSE[1].outFeatures]),
    );
  }
  return g.encode('esr9_int8', [g.input('input', ['N', 3, weights.inputSize, weights.inputSize])], outputs);
}
