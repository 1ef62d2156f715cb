import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGolden, NO_GOLDEN } from '../helpers/golden.js';
import { createEngine } from '../../src/esr9/engine.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { randomInput, writeRandomModel } from '../helpers/random-weights.js';

/** Largest absolute difference between two arrays. */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('onnx and tfjs engines agree on random weights (batch 3, with features)', async () => {
  const weights = await loadWeights(writeRandomModel(3));
  const onnx = await createEngine(weights, resolveOptions({ engine: 'onnx' }));
  const tfjs = await createEngine(weights, resolveOptions({ engine: 'tfjs' }));
  const input = randomInput(3);
  const a = await onnx.run(input, 3, true);
  const b = await tfjs.run(input, 3, true);
  assert.equal(a.logits.length, 3 * 9 * 8);
  assert.ok(maxAbsDiff(a.logits, b.logits) < 1e-3, `logits differ by ${maxAbsDiff(a.logits, b.logits)}`);
  assert.ok(maxAbsDiff(a.affect, b.affect) < 1e-3);
  assert.ok(maxAbsDiff(a.features![4], b.features![4]) < 1e-3);
  const spread = Math.max(...a.logits) - Math.min(...a.logits);
  assert.ok(spread > 1e-2, 'random logits are not all equal');
  await onnx.dispose();
  await tfjs.dispose();
});

test('a batch gives the same outputs as single faces', async () => {
  const engine = await createEngine(await loadWeights(writeRandomModel(5)), resolveOptions());
  const input = randomInput(2, 11);
  const both = await engine.run(input, 2, false);
  const second = await engine.run(input.subarray(3 * 96 * 96), 1, false);
  assert.ok(maxAbsDiff(both.logits.subarray(72), second.logits) < 1e-4);
  await engine.dispose();
});

test('both engines reproduce the training pipeline golden fixture', { skip: NO_GOLDEN }, async () => {
  const { tensors, input, n } = loadGolden();
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  for (const engine of ['onnx', 'tfjs'] as const) {
    const e = await createEngine(weights, resolveOptions({ engine }));
    const out = await e.run(input.data, n, false);
    const d = maxAbsDiff(out.logits, tensors.get('logits')!.data);
    assert.ok(d < 1e-3, `${engine}: logits differ from golden by ${d}`);
    assert.ok(maxAbsDiff(out.affect, tensors.get('affect')!.data) < 1e-3, `${engine}: affect differs from golden`);
    await e.dispose();
  }
});
