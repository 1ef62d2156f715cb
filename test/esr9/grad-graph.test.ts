import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { NUM_BRANCHES, NUM_EMOTIONS, SHARED_CHANNELS, sharedSize } from '../../src/esr9/definition.js';
import { createEngine } from '../../src/esr9/create-engine.js';
import { buildGradientModel } from '../../src/esr9/grad-graph.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { resolveOptions } from '../../src/options.js';
import { createOrtSession, loadOrt } from '../../src/runtime/ort-session.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { tempDir } from '../helpers/fixtures.js';
import { randomInput, writeRandomModel } from '../helpers/random-weights.js';

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

test('the gradient graph with its weights as inputs computes what it computes with them as initializers, and holds no weights itself', async () => {
  const ort = await loadOrt();
  const weights = await loadWeights(writeRandomModel(4));
  const fed = buildGradientModel(weights, true);
  const embedded = buildGradientModel(weights, false);
  assert.equal(
    fed.weights.length,
    NUM_BRANCHES * 4,
    'one weight per branch convolution, shared by the forward and backward passes',
  );
  assert.ok(fed.bytes.length < 1e6, `the graph is ${fed.bytes.length} bytes`);
  assert.ok(
    embedded.bytes.length > 4 * fed.weights.reduce((n, w) => n + w.data.length, 0),
    'the other graph embeds them',
  );
  const side = sharedSize(weights.inputSize);
  const values = Float32Array.from({ length: 2 * SHARED_CHANNELS * side * side }, (_, i) =>
    Math.max(0, Math.sin(i * 0.7)),
  );
  const target = new Float32Array(2 * NUM_BRANCHES * NUM_EMOTIONS);
  for (let i = 0; i < 2 * NUM_BRANCHES; i++) target[i * NUM_EMOTIONS + (i % NUM_EMOTIONS)] = 1;
  const feed = {
    shared: new ort.Tensor('float32', values, [2, SHARED_CHANNELS, side, side]),
    target: new ort.Tensor('float32', target, [2, NUM_BRANCHES, NUM_EMOTIONS]),
  };
  const a = await createOrtSession({ name: 'grad-fed', id: null, build: () => fed.bytes }, CPU, 'test');
  const b = await createOrtSession({ name: 'grad-embedded', id: null, build: () => embedded.bytes }, CPU, 'test');
  const outA = await a.run({
    ...feed,
    ...Object.fromEntries(fed.weights.map((w) => [w.name, new ort.Tensor('float32', w.data, w.dims)])),
  });
  const outB = await b.run(feed);
  await Promise.all([a.release(), b.release()]);
  for (let br = 0; br < NUM_BRANCHES; br++) {
    const x = outA[`grad_${br}`].data as Float32Array;
    const y = outB[`grad_${br}`].data as Float32Array;
    assert.ok(
      y.some((v) => v !== 0),
      `branch ${br} has a gradient`,
    );
    assert.ok(
      x.every((v, i) => Math.abs(v - y[i]) <= 1e-5 * (1 + Math.abs(y[i]))),
      `branch ${br} agrees`,
    );
  }
});

test('the onnx engine caches no gradient graph (its weights would double the cache)', async () => {
  const dir = tempDir('fer-cache-grad-');
  const saved = process.env.FER_CACHE_DIR;
  process.env.FER_CACHE_DIR = dir;
  try {
    const weights = await loadWeights(writeRandomModel(6));
    const engine = await createEngine(weights, resolveRuntime(resolveOptions({ precision: 'fp32', threads: 1 })));
    const out = await engine.run(randomInput(1, 7, weights.inputSize), 1, true);
    const grads = await engine.gradients(out.shared!, 1, [new Array(NUM_BRANCHES).fill(2)]);
    await engine.dispose();
    assert.equal(grads.length, NUM_BRANCHES);
    const entries = readdirSync(dir);
    assert.ok(
      entries.some((f) => f.startsWith('esr9-')),
      `the forward graph is cached: ${entries}`,
    );
    assert.ok(!entries.some((f) => f.startsWith('esr9-gradients')), `no gradient graph: ${entries}`);
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
  }
});

test('prepareGradients() opens the gradient session ahead of gradients(), which then give what a lazily opened session gives', async () => {
  const weights = await loadWeights(writeRandomModel(8));
  const runtime = resolveRuntime(resolveOptions({ precision: 'fp32', threads: 1 }));
  const lazy = await createEngine(weights, runtime);
  const ahead = await createEngine(weights, runtime);
  assert.equal(typeof ahead.prepareGradients, 'function');
  ahead.prepareGradients!();
  ahead.prepareGradients!();
  const input = randomInput(2, 9, weights.inputSize);
  const targets = [new Array(NUM_BRANCHES).fill(3), Array.from({ length: NUM_BRANCHES }, (_, b) => b % NUM_EMOTIONS)];
  const results = [];
  for (const engine of [lazy, ahead]) {
    const out = await engine.run(input, 2, true);
    results.push(await engine.gradients(out.shared!, 2, targets));
    await engine.dispose();
  }
  const [a, b] = results;
  assert.equal(b.length, NUM_BRANCHES);
  for (let br = 0; br < NUM_BRANCHES; br++) {
    assert.ok(
      a[br].some((v) => v !== 0),
      `branch ${br} has a gradient`,
    );
    assert.deepEqual(b[br], a[br], `branch ${br}`);
  }
});
