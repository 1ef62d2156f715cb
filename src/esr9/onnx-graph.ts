import { GraphBuilder } from '../runtime/onnx-builder.js';
import type { NamedTensor } from './safetensors.js';
import {
  BASE_CONVS,
  ESR9_BN_EPSILON,
  BRANCH_CONVS,
  BRANCH_DENSE,
  type ConvSpec,
  layerPrefix,
  NUM_BRANCHES,
  SHARED_CHANNELS,
} from './definition.js';
import type { Esr9Weights } from './weights.js';

/**
 * A stored tensor as a float32 graph value (float16 is cast in the graph, folded by ONNX Runtime).
 * @example
 * const w = param(g, weights, 'branches.0.fc.weight');
 */
export function param(g: GraphBuilder, weights: Esr9Weights, name: string): string {
  const t = weights.tensors.get(name) as NamedTensor;
  return g.floatConstant(name, t.shape, t.dtype, t.bytes);
}

/** Conv + BatchNormalization + ReLU (+ 2x2 max-pool) of one layer; returns the output name. */
function emitConv(
  g: GraphBuilder,
  weights: Esr9Weights,
  input: string,
  prefix: string,
  spec: ConvSpec,
  index: number,
): string {
  const p = (n: string): string => param(g, weights, `${prefix}${n}`);
  const pad = spec.padding;
  const conv = g.node('Conv', [input, p(`${spec.name}.weight`), p(`${spec.name}.bias`)], {
    kernel_shape: [spec.kernel, spec.kernel],
    pads: [pad, pad, pad, pad],
  });
  const bn = `bn${index + 1}`;
  const norm = g.node(
    'BatchNormalization',
    [conv, p(`${bn}.weight`), p(`${bn}.bias`), p(`${bn}.running_mean`), p(`${bn}.running_var`)],
    { epsilon: { float: ESR9_BN_EPSILON } },
  );
  const relu = g.node('Relu', [norm]);
  return spec.poolAfter ? g.node('MaxPool', [relu], { kernel_shape: [2, 2], strides: [2, 2] }) : relu;
}

/** A Gemm (x W^T + b) of one dense layer; returns the output name. */
function emitDense(g: GraphBuilder, weights: Esr9Weights, input: string, prefix: string, name: string): string {
  return g.node(
    'Gemm',
    [input, param(g, weights, `${prefix}${name}.weight`), param(g, weights, `${prefix}${name}.bias`)],
    { transB: { int: 1 } },
  );
}

/**
 * Build the ESR-9 ONNX model (opset 13) from the stored weights, for inputs of the weights' own side;
 * batch-norm and float16 storage are resolved inside the graph (ONNX Runtime folds them when the session
 * opens). Outputs: per branch b `logits_b` (N,8) and `affect_b` (N,2); `shared` (N,128,S,S), the base's
 * output that Grad-CAM explains (S = 8 for 48x48 inputs).
 * @example
 * const bytes = buildOnnxModel(await loadWeights('models/esr9'));
 */
export function buildOnnxModel(weights: Esr9Weights): Uint8Array {
  const g = new GraphBuilder();
  let x = 'input';
  BASE_CONVS.forEach((spec, i) => (x = emitConv(g, weights, x, layerPrefix(null), spec, i)));
  g.node('Identity', [x], {}, 'shared');
  const outputs = [g.output('shared', ['N', SHARED_CHANNELS, 'S', 'S'])];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    const prefix = layerPrefix(b);
    let y = x;
    BRANCH_CONVS.forEach((spec, i) => (y = emitConv(g, weights, y, prefix, spec, i)));
    const flat = g.node('Flatten', [g.node('GlobalAveragePool', [y])]);
    const logits = emitDense(g, weights, flat, prefix, BRANCH_DENSE[0].name);
    g.node('Identity', [logits], {}, `logits_${b}`);
    const affect = emitDense(g, weights, g.node('Relu', [logits]), prefix, BRANCH_DENSE[1].name);
    g.node('Identity', [affect], {}, `affect_${b}`);
    outputs.push(
      g.output(`logits_${b}`, ['N', BRANCH_DENSE[0].outFeatures]),
      g.output(`affect_${b}`, ['N', BRANCH_DENSE[1].outFeatures]),
    );
  }
  return g.encode('esr9', [g.input('input', ['N', 3, weights.inputSize, weights.inputSize])], outputs);
}
