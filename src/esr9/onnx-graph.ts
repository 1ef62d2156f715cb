import onnxProto from 'onnx-proto';
import { FEATURE_SIZE, INPUT_SIZE, NUM_BRANCHES } from './definition.js';
import type { Dense, Esr9Weights, FoldedConv } from './weights.js';

const { onnx } = onnxProto;
type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/** A float32 initializer. */
function initializer(name: string, dims: number[], data: Float32Array): Tensor {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

/** An integer-list attribute. */
function ints(name: string, values: number[]): InstanceType<typeof onnx.AttributeProto> {
  return onnx.AttributeProto.create({ name, ints: values, type: onnx.AttributeProto.AttributeType.INTS });
}

/** Graph value info for a float tensor with symbolic batch. */
function valueInfo(name: string, dims: number[]): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'N' }, ...dims.map((d) => ({ dimValue: d }))] },
      },
    },
  });
}

/** Emit Conv (+ ReLU, + MaxPool) nodes for one folded conv layer; returns the output name. */
function emitConv(nodes: Node[], inits: Tensor[], input: string, prefix: string, conv: FoldedConv): string {
  const s = conv.spec;
  const name = `${prefix}${s.name}`;
  inits.push(initializer(`${name}.w`, [s.outChannels, s.inChannels, s.kernel, s.kernel], conv.weight));
  inits.push(initializer(`${name}.b`, [s.outChannels], conv.bias));
  nodes.push(onnx.NodeProto.create({
    opType: 'Conv', input: [input, `${name}.w`, `${name}.b`], output: [`${name}.conv`],
    attribute: [ints('kernel_shape', [s.kernel, s.kernel]), ints('pads', [s.padding, s.padding, s.padding, s.padding])],
  }));
  nodes.push(onnx.NodeProto.create({ opType: 'Relu', input: [`${name}.conv`], output: [`${name}.relu`] }));
  if (!s.poolAfter) return `${name}.relu`;
  nodes.push(onnx.NodeProto.create({
    opType: 'MaxPool', input: [`${name}.relu`], output: [`${name}.pool`],
    attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
  }));
  return `${name}.pool`;
}

/** Emit a Gemm (x W^T + b) node; returns the output name. */
function emitDense(nodes: Node[], inits: Tensor[], input: string, name: string, d: Dense): string {
  inits.push(initializer(`${name}.w`, [d.outFeatures, d.inFeatures], d.weight));
  inits.push(initializer(`${name}.b`, [d.outFeatures], d.bias));
  nodes.push(onnx.NodeProto.create({
    opType: 'Gemm', input: [input, `${name}.w`, `${name}.b`], output: [`${name}.out`],
    attribute: [onnx.AttributeProto.create({ name: 'transB', i: 1, type: onnx.AttributeProto.AttributeType.INT })],
  }));
  return `${name}.out`;
}

/**
 * Build the ESR-9 ONNX model (opset 13) from folded weights. Outputs per branch b:
 * `logits_b` (N,8), `affect_b` (N,2), `features_b` (N,512,8,8).
 * @example
 * const bytes = buildOnnxModel(weights); await ort.InferenceSession.create(bytes);
 */
export function buildOnnxModel(weights: Esr9Weights): Uint8Array {
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  let x = 'input';
  for (const conv of weights.base) x = emitConv(nodes, inits, x, 'base.', conv);
  const outputs = [];
  for (let b = 0; b < NUM_BRANCHES; b++) {
    const prefix = `branches.${b}.`;
    let y = x;
    for (const conv of weights.branches[b].convs) y = emitConv(nodes, inits, y, prefix, conv);
    nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [y], output: [`features_${b}`] }));
    nodes.push(onnx.NodeProto.create({ opType: 'GlobalAveragePool', input: [y], output: [`${prefix}gap`] }));
    nodes.push(onnx.NodeProto.create({ opType: 'Flatten', input: [`${prefix}gap`], output: [`${prefix}flat`] }));
    const logits = emitDense(nodes, inits, `${prefix}flat`, `${prefix}fc`, weights.branches[b].fc);
    nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [logits], output: [`logits_${b}`] }));
    nodes.push(onnx.NodeProto.create({ opType: 'Relu', input: [logits], output: [`${prefix}fc.relu`] }));
    const affect = emitDense(nodes, inits, `${prefix}fc.relu`, `${prefix}fc_dimensional`, weights.branches[b].fcDimensional);
    nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [affect], output: [`affect_${b}`] }));
    const last = weights.branches[b].convs.at(-1)?.spec.outChannels ?? 512;
    outputs.push(valueInfo(`logits_${b}`, [8]), valueInfo(`affect_${b}`, [2]), valueInfo(`features_${b}`, [last, FEATURE_SIZE, FEATURE_SIZE]));
  }
  const graph = onnx.GraphProto.create({
    name: 'esr9', node: nodes, initializer: inits,
    input: [valueInfo('input', [3, INPUT_SIZE, INPUT_SIZE])], output: outputs,
  });
  const model = onnx.ModelProto.create({
    irVersion: 7, producerName: 'fer', opsetImport: [{ domain: '', version: 13 }], graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
