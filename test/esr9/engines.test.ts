import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { at, loadGolden, NO_GOLDEN } from '../helpers/golden.js';
import { decodeFaces, featureMaps } from '../../src/esr9/decode.js';
import { createEngine } from '../../src/esr9/engine.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { toNetworkInput } from '../../src/esr9/input.js';
import { fcWeight, loadWeights } from '../../src/esr9/weights.js';
import { computeGradCam } from '../../src/explain/grad-cam.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { SHARED } from '../helpers/fixtures.js';
import { randomInput, writeRandomModel } from '../helpers/random-weights.js';

/** Largest absolute difference between two arrays. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The runtime for an engine name with default settings. */
const runtimeOf = (engine: 'onnx' | 'tfjs') => resolveRuntime(resolveOptions({ engine }));

test('onnx and tfjs engines agree on random weights (batch 3, with features)', async () => {
  const weights = await loadWeights(writeRandomModel(3));
  const onnx = await createEngine(weights, runtimeOf('onnx'));
  const tfjs = await createEngine(weights, runtimeOf('tfjs'));
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

test('a batch decodes to the same faces as single runs, in batch order', async () => {
  const engine = await createEngine(await loadWeights(writeRandomModel(5)), runtimeOf('onnx'));
  const input = randomInput(3, 11);
  const map = classMap(8);
  const batch = decodeFaces(await engine.run(input, 3, false), 3, map);
  for (let i = 0; i < 3; i++) {
    const [single] = decodeFaces(await engine.run(input.subarray(i * 3 * 96 * 96, (i + 1) * 3 * 96 * 96), 1, false), 1, map);
    assert.ok(maxAbsDiff(batch[i].probabilities, single.probabilities) < 1e-5, `face ${i} probabilities`);
    assert.ok(Math.abs(batch[i].arousal - single.arousal) < 1e-5 && Math.abs(batch[i].valence - single.valence) < 1e-5, `face ${i} affect`);
  }
  await engine.dispose();
});

test('both engines reproduce the golden fixture through the production decode (6 faces in one batch)', { skip: NO_GOLDEN }, async () => {
  const { tensors, input, n } = loadGolden();
  assert.ok(n > 1, 'the golden batch holds several faces');
  const logits = tensors.get('logits')!, affect = tensors.get('affect')!, cam = tensors.get('cam')!;
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  const map = classMap(8);
  for (const name of ['onnx', 'tfjs'] as const) {
    const engine = await createEngine(weights, runtimeOf(name));
    const out = await engine.run(input.data, n, true);
    const faces = decodeFaces(out, n, map);
    assert.equal(faces.length, n);
    let camWorst = 0;
    faces.forEach((face, i) => face.branches.forEach((branch, b) => {
      const row = Array.from({ length: 8 }, (_, c) => at(logits, i, b, c));
      assert.equal(face.targets[b], row.indexOf(Math.max(...row)), `${name}: face ${i} branch ${b} predicted class`);
      assert.ok(Math.abs(branch.arousal - at(affect, i, b, 0)) < 1e-3 && Math.abs(branch.valence - at(affect, i, b, 1)) < 1e-3, `${name}: face ${i} branch ${b} affect`);
      const expSum = row.reduce((s, v) => s + Math.exp(v), 0);
      assert.ok(maxAbsDiff(branch.probabilities, row.map((v) => Math.exp(v) / expSum)) < 1e-3, `${name}: face ${i} branch ${b} probabilities`);
      const map8 = computeGradCam(featureMaps(out, i, b), fcWeight(weights, b), 512, 8, 8, face.targets[b]);
      for (let p = 0; p < 64; p++) camWorst = Math.max(camWorst, Math.abs(map8.data[p] - at(cam, i, b, Math.floor(p / 8), p % 8)));
    }));
    assert.ok(camWorst < 1e-2, `${name}: Grad-CAM differs from PyTorch autograd by ${camWorst}`);
    await engine.dispose();
  }
});

const validImages = join(SHARED, 'data', 'fer', 'valid.u8');
test('the production 48 -> 96 input step reproduces the golden input from the FER+ images', { skip: NO_GOLDEN || (existsSync(validImages) ? false : `${validImages} not present`) }, () => {
  const { input, rows, split } = loadGolden();
  assert.equal(split, 'valid');
  const images = readFileSync(validImages);
  const built = toNetworkInput(rows.map((r) => images.subarray(r * 48 * 48, (r + 1) * 48 * 48)));
  const d = maxAbsDiff(built, input.data);
  assert.ok(d < 1e-5, `input differs from the training pipeline's by ${d}`);
});
