import { createRequire } from 'node:module';

type Onnx = (typeof import('onnx-proto'))['onnx'];
let loaded: Onnx | null = null;

/**
 * onnx-proto, loaded on first use through require() (importing this CommonJS bundle as ESM costs ~0.2 s of
 * export scanning), so that a run whose graphs are all cached never loads it.
 */
function onnxProto(): Onnx {
  loaded ??= (createRequire(import.meta.url)('onnx-proto') as typeof import('onnx-proto')).onnx;
  return loaded;
}

/** An ONNX node. */
export type OnnxNode = InstanceType<Onnx['NodeProto']>;
/** An ONNX initializer tensor. */
export type OnnxTensor = InstanceType<Onnx['TensorProto']>;
type Attribute = InstanceType<Onnx['AttributeProto']>;
type ValueInfo = InstanceType<Onnx['ValueInfoProto']>;

/** Element types fer stores in initializers, as named in safetensors / tfjs manifests. */
export type StoredType = 'F32' | 'F16' | 'U8' | 'I8' | 'I32' | 'I64';

/** ONNX's element type number of a stored type. */
function dataType(type: StoredType): number {
  const T = onnxProto().TensorProto.DataType;
  return { F32: T.FLOAT, F16: T.FLOAT16, U8: T.UINT8, I8: T.INT8, I32: T.INT32, I64: T.INT64 }[type];
}

/** An attribute value: number list (ints), integer, float or string. */
export type AttributeValue = number[] | { int: number } | { float: number } | { str: string };

/** Make one attribute from a plain value. */
function attribute(name: string, value: AttributeValue): Attribute {
  const onnx = onnxProto();
  const T = onnx.AttributeProto.AttributeType;
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, ints: value, type: T.INTS });
  if ('int' in value) return onnx.AttributeProto.create({ name, i: value.int, type: T.INT });
  if ('float' in value) return onnx.AttributeProto.create({ name, f: value.float, type: T.FLOAT });
  return onnx.AttributeProto.create({ name, s: new TextEncoder().encode(value.str), type: T.STRING });
}

/**
 * Collects nodes and initializers of one ONNX graph and encodes it as a model. Raw initializer
 * bytes are passed through untouched (float16 and uint8 included): converting them is left to ONNX
 * Runtime's constant folding, in native code, rather than done element by element in JS.
 * @example
 * const g = new GraphBuilder();
 * const y = g.node('Relu', ['x']);
 * const bytes = g.encode('demo', [g.input('x', [3])], [g.output(y, [3])]);
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private count = 0;

  /** Add a node; returns the name of its (first) output. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push(
      onnxProto().NodeProto.create({
        opType,
        input: inputs,
        output: [out],
        attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      }),
    );
    return out;
  }

  /** Add a node with several outputs (e.g. MaxPool's values and indices); returns their names. */
  nodeOutputs(
    opType: string,
    inputs: string[],
    count: number,
    attributes: Record<string, AttributeValue> = {},
  ): string[] {
    const base = `${opType.toLowerCase()}_${this.count++}`;
    const outputs = Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}_${i}`));
    this.nodes.push(
      onnxProto().NodeProto.create({
        opType,
        input: inputs,
        output: outputs,
        attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outputs;
  }

  /** Add a scalar int64 initializer (an index for Gather); returns its name. */
  int64Scalar(name: string, value: number): string {
    return this.constant(name, [], 'I64', new Uint8Array(BigInt64Array.of(BigInt(value)).buffer));
  }

  /** Add an initializer from raw little-endian bytes of the given type; returns its name. */
  constant(name: string, dims: number[], type: StoredType, bytes: Uint8Array): string {
    this.initializers.push(onnxProto().TensorProto.create({ name, dims, dataType: dataType(type), rawData: bytes }));
    return name;
  }

  /** Add a float32 initializer; returns its name. */
  floats(name: string, dims: number[], data: Float32Array): string {
    return this.constant(name, dims, 'F32', new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  /** Add an int64 initializer (shapes, axes); returns its name. */
  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.constant(name, [values.length], 'I64', new Uint8Array(data.buffer));
  }

  /** A float initializer of stored type `type`, cast to float32 in the graph when it is not already. */
  floatConstant(name: string, dims: number[], type: StoredType, bytes: Uint8Array): string {
    const stored = this.constant(type === 'F32' ? name : `${name}.${type.toLowerCase()}`, dims, type, bytes);
    return type === 'F32' ? stored : this.node('Cast', [stored], { to: { int: dataType('F32') } }, name);
  }

  /** A float32 graph input or output description; a string dimension is symbolic. */
  input(name: string, dims: (number | string)[]): ValueInfo {
    return onnxProto().ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType: dataType('F32'),
          shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
        },
      },
    });
  }

  /** Same as input(): a float32 value description for graph outputs. */
  output(name: string, dims: (number | string)[]): ValueInfo {
    return this.input(name, dims);
  }

  /** Encode the graph as an ONNX model (opset 13). */
  encode(name: string, inputs: ValueInfo[], outputs: ValueInfo[]): Uint8Array {
    const onnx = onnxProto();
    const graph = onnx.GraphProto.create({
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: inputs,
      output: outputs,
    });
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'fer',
      opsetImport: [{ domain: '', version: 13 }],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
