import { GraphBuilder } from '../runtime/onnx-builder.js';
import { BN_EPSILON, BRANCH_CONVS, BRANCH_DENSE, type ConvSpec, layerPrefix, NUM_BRANCHES, NUM_EMOTIONS, SHARED_CHANNELS } from './definition.js';
import { param } from './onnx-graph.js';
import type { Esr9Weights } from './weights.js';

/** ONNX's element type number for float32 (TensorProto.DataType.FLOAT). */
const FLOAT = 1;

/** One branch layer's forward values that its backward step needs. */
interface Layer {
  spec: ConvSpec;
  weight: string;
  activation: string;
  poolIndices: string | null;
}

/** Conv weight and bias with the layer's batch-norm folded in, as graph values (constant-folded by ONNX Runtime). */
function foldedConv(g: GraphBuilder, weights: Esr9Weights, prefix: string, spec: ConvSpec, index: number): { weight: string; bias: string } {
  const p = (n: string): string => param(g, weights, `${prefix}${n}`);
  const bn = `bn${index + 1}`;
  const eps = g.floats(`${prefix}${bn}.eps`, [], Float32Array.of(BN_EPSILON));
  const scale = g.node('Div', [p(`${bn}.weight`), g.node('Sqrt', [g.node('Add', [p(`${bn}.running_var`), eps])])]);
  const weight = g.node('Mul', [p(`${spec.name}.weight`), g.node('Unsqueeze', [scale, g.int64s(`${prefix}${bn}.axes`, [1, 2, 3])])]);
  const bias = g.node('Add', [g.node('Mul', [g.node('Sub', [p(`${spec.name}.bias`), p(`${bn}.running_mean`)]), scale]), p(`${bn}.bias`)]);
  return { weight, bias };
}

/** The forward pass of one branch from the shared map, keeping what the backward pass needs. */
function emitForward(g: GraphBuilder, weights: Esr9Weights, prefix: string): Layer[] {
  let x = 'shared';
  return BRANCH_CONVS.map((spec, i) => {
    const { weight, bias } = foldedConv(g, weights, prefix, spec, i);
    const pad = spec.padding;
    const activation = g.node('Relu', [g.node('Conv', [x, weight, bias], { kernel_shape: [spec.kernel, spec.kernel], pads: [pad, pad, pad, pad] })]);
    let poolIndices: string | null = null;
    x = activation;
    if (spec.poolAfter) [x, poolIndices] = g.nodeOutputs('MaxPool', [activation], 2, { kernel_shape: [2, 2], strides: [2, 2] });
    return { spec, weight, activation, poolIndices };
  });
}

/** d(target logit)/d(last activation): the target row of fc, spread evenly by global average pooling. */
function emitSeed(g: GraphBuilder, weights: Esr9Weights, prefix: string, branch: number, last: string): string {
  const target = g.node('Gather', ['target', g.int64Scalar(`${prefix}target_index`, branch)], { axis: { int: 1 } });
  const row = g.node('MatMul', [target, param(g, weights, `${prefix}${BRANCH_DENSE[0].name}.weight`)]);
  const shape = g.node('Shape', [last]);
  const area = g.node('Cast', [g.node('ReduceProd', [g.node('Gather', [shape, g.int64s(`${prefix}hw`, [2, 3])])], { keepdims: { int: 0 } })], { to: { int: FLOAT } });
  const spread = g.node('Expand', [g.node('Unsqueeze', [row, g.int64s(`${prefix}seed_axes`, [2, 3])]), shape]);
  return g.node('Div', [spread, area]);
}

/** Back-propagate through the branch's layers (ReLU masks, max-unpooling, transposed convolutions) to the shared map. */
function emitBackward(g: GraphBuilder, layers: Layer[], seed: string): string {
  let d = seed;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { spec, weight, activation, poolIndices } = layers[i];
    if (poolIndices) d = g.node('MaxUnpool', [d, poolIndices, g.node('Shape', [activation])], { kernel_shape: [2, 2], strides: [2, 2] });
    const zero = g.floats(`${activation}.zero`, [], Float32Array.of(0));
    const mask = g.node('Cast', [g.node('Greater', [activation, zero])], { to: { int: FLOAT } });
    const pad = spec.padding;
    d = g.node('ConvTranspose', [g.node('Mul', [d, mask]), weight], { kernel_shape: [spec.kernel, spec.kernel], pads: [pad, pad, pad, pad] });
  }
  return d;
}

/**
 * Build the ONNX model (opset 13) of each branch's gradient with respect to the shared base output, the
 * Grad-CAM layer: inputs `shared` (N,128,S,S), the engine's own output, and `target` (N,9,8), a one-hot
 * row per face and branch naming the class to explain; outputs `grad_b` (N,128,S,S), d logit / d shared.
 * The backward pass is written out as graph nodes (ONNX Runtime has no autograd at inference).
 * @example
 * const bytes = buildGradientModel(await loadWeights('models/esr9'));
 */
export function buildGradientModel(weights: Esr9Weights): Uint8Array {
  const g = new GraphBuilder();
  const outputs = [];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    const prefix = layerPrefix(b);
    const layers = emitForward(g, weights, prefix);
    const seed = emitSeed(g, weights, prefix, b, layers[layers.length - 1].activation);
    g.node('Identity', [emitBackward(g, layers, seed)], {}, `grad_${b}`);
    outputs.push(g.output(`grad_${b}`, ['N', SHARED_CHANNELS, 'S', 'S']));
  }
  const inputs = [g.input('shared', ['N', SHARED_CHANNELS, 'S', 'S']), g.input('target', ['N', NUM_BRANCHES, NUM_EMOTIONS])];
  return g.encode('esr9_gradients', inputs, outputs);
}
