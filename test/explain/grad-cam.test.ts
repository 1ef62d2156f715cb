import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, loadGolden, NO_GOLDEN } from '../helpers/golden.js';
import { decodeFaces, featureMaps } from '../../src/esr9/decode.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { createEngine } from '../../src/esr9/engine.js';
import { fcWeight, loadWeights } from '../../src/esr9/weights.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { computeGradCam } from '../../src/explain/grad-cam.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { seededRandom } from '../helpers/random-weights.js';

/** The logit fc(GAP(A))_c for feature maps A (K x H x W). */
function logit(a: Float32Array, w: Float32Array, k: number, area: number, c: number): number {
  let s = 0;
  for (let ch = 0; ch < k; ch++) {
    let m = 0;
    for (let p = 0; p < area; p++) m += a[ch * area + p];
    s += w[c * k + ch] * (m / area);
  }
  return s;
}

test('closed-form Grad-CAM equals Grad-CAM from finite-difference gradients', () => {
  const rand = seededRandom(4);
  const k = 6, h = 3, wd = 3, area = h * wd, classes = 4, target = 2;
  const a = Float32Array.from({ length: k * area }, () => rand());
  const w = Float32Array.from({ length: classes * k }, () => rand() * 2 - 1);
  const alphas = new Float64Array(k);
  for (let ch = 0; ch < k; ch++) {
    for (let p = 0; p < area; p++) {
      const plus = Float32Array.from(a); plus[ch * area + p] += 1e-2;
      const minus = Float32Array.from(a); minus[ch * area + p] -= 1e-2;
      alphas[ch] += (logit(plus, w, k, area, target) - logit(minus, w, k, area, target)) / 2e-2 / area;
    }
  }
  const expected = new Float64Array(area);
  for (let p = 0; p < area; p++) for (let ch = 0; ch < k; ch++) expected[p] += alphas[ch] * a[ch * area + p];
  const peak = Math.max(...expected.map((v) => Math.max(0, v)));
  const cam = computeGradCam(a, w, k, h, wd, target);
  for (let p = 0; p < area; p++) assert.ok(Math.abs(cam.data[p] - Math.max(0, expected[p]) / peak) < 1e-3);
  assert.equal(Math.max(...cam.data), 1);
});

test('an all-negative map is all zeros, not NaN', () => {
  const cam = computeGradCam(new Float32Array([1, 1, 1, 1]), new Float32Array([-1]), 1, 2, 2, 0);
  assert.deepEqual(Array.from(cam.data), [0, 0, 0, 0]);
});

test('Grad-CAM matches PyTorch autograd maps in the golden fixture', { skip: NO_GOLDEN }, async () => {
  const { tensors, input, n } = loadGolden();
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  const engine = await createEngine(weights, resolveRuntime(resolveOptions()));
  const out = await engine.run(input.data, n, true);
  const expected = tensors.get('cam')!;
  let worst = 0;
  decodeFaces(out, n, classMap(8)).forEach((face, i) => face.targets.forEach((target, b) => {
    const cam = computeGradCam(featureMaps(out, i, b), fcWeight(weights, b), 512, 8, 8, target);
    for (let p = 0; p < 64; p++) worst = Math.max(worst, Math.abs(cam.data[p] - at(expected, i, b, Math.floor(p / 8), p % 8)));
  }));
  assert.ok(worst < 1e-2, `max abs difference ${worst}`);
  await engine.dispose();
});
