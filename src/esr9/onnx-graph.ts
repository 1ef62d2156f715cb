import { GraphBuilder } from '../runtime/onnx-builder.js';
import type { NamedTensor } from './safetensors.js';
import { BASE_CONVS, BN_EPSILON, BRANCH_CONVS, BRANCH_DENSE, type ConvSpec, FEATURE_SIZE, INPUT_SIZE, layerPrefix, NUM_BRANCHES } from './definition.js';
import type { Esr9Weights } from './weights.js';

/** A stored tensor as a float32 graph value (float16 is cast in the graph, folded by ONNX Runtime). */
function param(g: GraphBuilder, weights: Esr9Weights, name: string): string {
  const t = weights.tensors.get(name) as NamedTensor;
  return g.floatConstant(name, t.shape, t.dtype, t.bytes);
}

/** Conv + BatchNormalization + ReLU (+ 2x2 max-pool) of one layer; returns the output name. */
function emitConv(g: GraphBuilder, weights: Esr9Weights, input: string, prefix: string, spec: ConvSpec, index: number): string {
  const p = (n: string): string => param(g, weights, `${prefix}${n}`);
  const pad = spec.padding;
  const conv = g.node('Conv', [input, p(`${spec.name}.weight`), p(`${spec.name}.bias`)], {
    kernel_shape: [spec.kernel, spec.kernel], pads: [pad, pad, pad, pad],
  });
  const bn = `bn${index + 1}`;
  const norm = g.node('BatchNormalization', [conv, p(`${bn}.weight`), p(`${bn}.bias`), p(`${bn}.running_mean`), p(`${bn}.running_var`)], { epsilon: { float: BN_EPSILON } });
  const relu = g.node('Relu', [norm]);
  return spec.poolAfter ? g.node('MaxPool', [relu], { kernel_shape: [2, 2], strides: [2, 2] }) : relu;
}

/** A Gemm (x W^T + b) of one dense layer; returns the output name. */
function emitDense(g: GraphBuilder, weights: Esr9Weights, input: string, prefix: string, name: string): string {
  return g.node('Gemm', [input, param(g, weights, `${prefix}${name}.weight`), param(g, weights, `${prefix}${name}.bias`)], { transB: { int: 1 } });
}

/**
 * Build the ESR-9 ONNX model (opset 13) from the stored weights; batch-norm and float16 storage are
 * resolved inside the graph (ONNX Runtime folds them when the session opens). Outputs per branch b:
 * `logits_b` (N,8), `affect_b` (N,2), `features_b` (N,512,8,8).
 * @example
 * const bytes = buildOnnxModel(await loadWeights('models/esr9'));
 */
export function buildOnnxModel(weights: Esr9Weights): Uint8Array {
  const g = new GraphBuilder();
  let x = 'input';
  BASE_CONVS.forEach((spec, i) => (x = emitConv(g, weights, x, layerPrefix(null), spec, i)));
  const outputs = [];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    const prefix = layerPrefix(b);
    let y = x;
    BRANCH_CONVS.forEach((spec, i) => (y = emitConv(g, weights, y, prefix, spec, i)));
    g.node('Identity', [y], {}, `features_${b}`);
    const flat = g.node('Flatten', [g.node('GlobalAveragePool', [y])]);
    const logits = emitDense(g, weights, flat, prefix, BRANCH_DENSE[0].name);
    g.node('Identity', [logits], {}, `logits_${b}`);
    const affect = emitDense(g, weights, g.node('Relu', [logits]), prefix, BRANCH_DENSE[1].name);
    g.node('Identity', [affect], {}, `affect_${b}`);
    const last = BRANCH_CONVS[BRANCH_CONVS.length - 1].outChannels;
    outputs.push(
      g.output(`logits_${b}`, ['N', BRANCH_DENSE[0].outFeatures]),
      g.output(`affect_${b}`, ['N', BRANCH_DENSE[1].outFeatures]),
      g.output(`features_${b}`, ['N', last, FEATURE_SIZE, FEATURE_SIZE]),
    );
  }
  return g.encode('esr9', [g.input('input', ['N', 3, INPUT_SIZE, INPUT_SIZE])], outputs);
}
