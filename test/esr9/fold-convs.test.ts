import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESR9_BN_EPSILON, BRANCH_CONVS, layerPrefix } from '../../src/esr9/definition.js';
import { foldConv } from '../../src/esr9/fold-convs.js';
import { param } from '../../src/esr9/onnx-graph.js';
import { foldWeights, loadWeights } from '../../src/esr9/weights.js';
import { DEFAULT_MODEL_DIR } from '../../src/options.js';
import { GraphBuilder } from '../../src/runtime/onnx-builder.js';
import { createOrtSession, loadOrt } from '../../src/runtime/ort-session.js';
import { writeRandomModel } from '../helpers/random-weights.js';

/** A CPU runtime with one thread, in float32. */
const CPU = {
  engine: 'onnx' as const,
  backend: 'cpu',
  gpu: false,
  threads: 1,
  precision: 'fp32' as const,
  detectorPrecision: 'fp32' as const,
  explicitPrecision: false,
};

/** Index of the first element where two float arrays differ (by bit pattern), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.findIndex((v, i) => v !== y[i]);
}

test("'float64' folding gives foldWeights()'s values bit for bit, on float32 and on the shipped float16 weights", async () => {
  for (const dir of [writeRandomModel(3), DEFAULT_MODEL_DIR]) {
    const weights = await loadWeights(dir);
    const expected = foldWeights(weights).branches[4].convs;
    BRANCH_CONVS.forEach((spec, i) => {
      const { weight, bias } = foldConv(weights, layerPrefix(4), spec, i, 'float64');
      assert.equal(firstDifference(weight, expected[i].weight), -1, `${dir} ${spec.name} weight`);
      assert.equal(firstDifference(bias, expected[i].bias), -1, `${dir} ${spec.name} bias`);
    });
  }
});

test("'float32' folding gives what ONNX Runtime's constant folding makes of the same graph nodes, bit for bit", async () => {
  const ort = await loadOrt();
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  const prefix = layerPrefix(7);
  const spec = BRANCH_CONVS[1];
  const g = new GraphBuilder();
  const p = (n: string): string => param(g, weights, `${prefix}${n}`);
  const eps = g.floats('eps', [], Float32Array.of(ESR9_BN_EPSILON));
  const scale = g.node('Div', [p('bn2.weight'), g.node('Sqrt', [g.node('Add', [p('bn2.running_var'), eps])])]);
  const weight = g.node('Mul', [p(`${spec.name}.weight`), g.node('Unsqueeze', [scale, g.int64s('axes', [1, 2, 3])])]);
  g.node('Add', [weight, g.node('Mul', ['x', g.floats('zero', [], Float32Array.of(0))])], {}, 'weight');
  g.node(
    'Add',
    [
      g.node('Add', [
        g.node('Mul', [g.node('Sub', [p(`${spec.name}.bias`), p('bn2.running_mean')]), scale]),
        p('bn2.bias'),
      ]),
      g.node('ReduceSum', ['x'], { keepdims: { int: 0 } }),
    ],
    {},
    'bias',
  );
  const dims = [spec.outChannels, spec.inChannels, spec.kernel, spec.kernel];
  const bytes = g.encode('fold', [g.input('x', [1])], [g.output('weight', dims), g.output('bias', [spec.outChannels])]);
  const session = await createOrtSession({ name: 'fold', id: null, build: () => bytes }, CPU, 'test');
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(0), [1]) });
  await session.release();
  const folded = foldConv(weights, prefix, spec, 1, 'float32');
  assert.equal(firstDifference(folded.weight, out.weight.data as Float32Array), -1, 'weight');
  assert.equal(firstDifference(folded.bias, out.bias.data as Float32Array), -1, 'bias');
});
