import { GraphBuilder } from '../runtime/onnx-builder.js';
import {
  BRANCH_CONVS,
  BRANCH_DENSE,
  type ConvSpec,
  layerPrefix,
  NUM_BRANCHES,
  NUM_EMOTIONS,
  SHARED_CHANNELS,
} from './definition.js';
import { foldConv } from './fold-convs.js';
import { param } from './onnx-graph.js';
import type { Esr9Weights } from './weights.js';

/** ONNX's element type number for float32 (TensorProto.DataType.FLOAT). */
const FLOAT = 1;

/** A float32 weight the gradient graph takes as an input: its name, shape and values. */
export interface GradientWeight {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** The gradient graph and, when its convolution weights are inputs, the values to feed them. */
export interface GradientModel {
  bytes: Uint8Array;
  /** Weight inputs to pass with every run (empty when the weights are initializers in `bytes`). */
  weights: GradientWeight[];
}

/** One branch layer's forward values that its backward step needs. */
interface Layer {
  spec: ConvSpec;
  weight: string;
  activation: string;
  poolIndices: string | null;
}

/** Where a gradient graph's convolution weights go: graph inputs fed at run time, or initializers in the graph. */
interface WeightSink {
  add(name: string, dims: number[], data: Float32Array): string;
}

/** The forward pass of one branch from the shared map (batch-norm folded), keeping what the backward pass needs. */
function emitForward(g: GraphBuilder, weights: Esr9Weights, sink: WeightSink, prefix: string): Layer[] {
  let x = 'shared';
  return BRANCH_CONVS.map((spec, i) => {
    const { weight, bias } = foldConv(weights, prefix, spec, i, 'float32');
    const { kernel: k, padding: pad, outChannels: o, inChannels: c } = spec;
    const folded = sink.add(`${prefix}${spec.name}.folded`, [o, c, k, k], weight);
    const conv = g.node('Conv', [x, folded, g.floats(`${prefix}${spec.name}.folded_bias`, [o], bias)], {
      kernel_shape: [k, k],
      pads: [pad, pad, pad, pad],
    });
    const activation = g.node('Relu', [conv]);
    let poolIndices: string | null = null;
    x = activation;
    if (spec.poolAfter)
      [x, poolIndices] = g.nodeOutputs('MaxPool', [activation], 2, { kernel_shape: [2, 2], strides: [2, 2] });
    return { spec, weight: folded, activation, poolIndices };
  });
}

/** d(target logit)/d(last activation): the target row of fc, spread evenly by global average pooling. */
function emitSeed(g: GraphBuilder, weights: Esr9Weights, prefix: string, branch: number, last: string): string {
  const target = g.node('Gather', ['target', g.int64Scalar(`${prefix}target_index`, branch)], { axis: { int: 1 } });
  const row = g.node('MatMul', [target, param(g, weights, `${prefix}${BRANCH_DENSE[0].name}.weight`)]);
  const shape = g.node('Shape', [last]);
  const area = g.node(
    'Cast',
    [g.node('ReduceProd', [g.node('Gather', [shape, g.int64s(`${prefix}hw`, [2, 3])])], { keepdims: { int: 0 } })],
    { to: { int: FLOAT } },
  );
  const spread = g.node('Expand', [g.node('Unsqueeze', [row, g.int64s(`${prefix}seed_axes`, [2, 3])]), shape]);
  return g.node('Div', [spread, area]);
}

/**
 * Back-propagate through the branch's layers to the shared map: ReLU masks, max-unpooling, and each
 * convolution's transpose (ConvTranspose on the forward weight itself, so each weight is held once).
 */
function emitBackward(g: GraphBuilder, layers: Layer[], seed: string): string {
  let d = seed;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { spec, weight, activation, poolIndices } = layers[i];
    if (poolIndices)
      d = g.node('MaxUnpool', [d, poolIndices, g.node('Shape', [activation])], {
        kernel_shape: [2, 2],
        strides: [2, 2],
      });
    const zero = g.floats(`${activation}.zero`, [], Float32Array.of(0));
    const mask = g.node('Cast', [g.node('Greater', [activation, zero])], { to: { int: FLOAT } });
    const pad = spec.padding;
    d = g.node('ConvTranspose', [g.node('Mul', [d, mask]), weight], {
      kernel_shape: [spec.kernel, spec.kernel],
      pads: [pad, pad, pad, pad],
    });
  }
  return d;
}

/**
 * Build the ONNX model (opset 13) of each branch's gradient with respect to the shared base output, the
 * Grad-CAM layer: inputs `shared` (N,128,S,S), the engine's own output, and `target` (N,9,8), a one-hot
 * row per face and branch naming the class to explain; outputs `grad_b` (N,128,S,S), d logit / d shared.
 * The backward pass is written out as graph nodes (ONNX Runtime has no autograd at inference). Batch-norm is
 * folded here, in float32 as ONNX Runtime would fold it. Each convolution weight appears once, used by the
 * forward Conv and the backward ConvTranspose. With `weightsAsInputs` (the CPU default) these 80 MB of float32
 * weights are graph inputs fed from `weights` on each run, without a copy: the session opens in a fraction of
 * a second, needs no cache and holds no second layout of them; otherwise they are initializers.
 * @example
 * const { bytes, weights } = buildGradientModel(await loadWeights('models/esr9'));
 */
export function buildGradientModel(weights: Esr9Weights, weightsAsInputs = true): GradientModel {
  const g = new GraphBuilder();
  const inputs = [
    g.input('shared', ['N', SHARED_CHANNELS, 'S', 'S']),
    g.input('target', ['N', NUM_BRANCHES, NUM_EMOTIONS]),
  ];
  const fed: GradientWeight[] = [];
  const sink: WeightSink = weightsAsInputs
    ? { add: (name, dims, data) => (fed.push({ name, dims, data }), inputs.push(g.input(name, dims)), name) }
    : { add: (name, dims, data) => g.floats(name, dims, data) };
  const outputs = [];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    const prefix = layerPrefix(b);
    const layers = emitForward(g, weights, sink, prefix);
    const seed = emitSeed(g, weights, prefix, b, layers[layers.length - 1].activation);
    g.node('Identity', [emitBackward(g, layers, seed)], {}, `grad_${b}`);
    outputs.push(g.output(`grad_${b}`, ['N', SHARED_CHANNELS, 'S', 'S']));
  }
  return { bytes: g.encode('esr9_gradients', inputs, outputs), weights: fed };
}
