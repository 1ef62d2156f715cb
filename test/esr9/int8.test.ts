import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFaces } from '../../src/esr9/decode.js';
import { createEngine } from '../../src/esr9/create-engine.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { CALIBRATION_FILE, loadCalibration } from '../../src/esr9/int8-calibration.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { quantizeWeights } from '../../src/runtime/qdq.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { ensembleLabels, loadMajorityValid, NO_FER_VALID } from '../helpers/ferplus.js';
import { tempDir } from '../helpers/fixtures.js';
import { loadGolden, NO_GOLDEN } from '../helpers/golden.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const runtime = (precision: 'fp32' | 'int8' | 'auto') => resolveRuntime(resolveOptions({ precision }));
const NO_CALIBRATION = existsSync(join(DEFAULT_MODEL_DIR, CALIBRATION_FILE))
  ? false
  : `models/esr9/${CALIBRATION_FILE} not present`;

test("weights are quantised per output channel, symmetric, on 127 steps of that channel's largest magnitude", () => {
  const { q, scales } = quantizeWeights(Float32Array.of(0.5, -1, 2, 1, 0, 0), 3);
  assert.deepEqual(Array.from(q), [64, -127, 127, 64, 0, 0]);
  assert.deepEqual(Array.from(scales), [1 / 127, 2 / 127, 1].map(Math.fround));
});

test('a calibration file for other weights is ignored; a damaged one is an error naming the file', async () => {
  const dir = writeRandomModel(5);
  const bytes = (await loadWeights(dir)).source.split(':').at(-2);
  writeFileSync(join(dir, CALIBRATION_FILE), JSON.stringify({ weights_bytes: 1, ranges: {} }));
  assert.equal(await loadCalibration(dir, Number(bytes)), null);
  writeFileSync(
    join(dir, CALIBRATION_FILE),
    JSON.stringify({ weights_bytes: Number(bytes), ranges: { 'base.conv1': 3 } }),
  );
  await assert.rejects(
    loadCalibration(dir, Number(bytes)),
    (e: Error & { code?: string }) =>
      e.code === 'MODEL_INVALID' && /base\.conv2/.test(e.message) && e.message.includes(CALIBRATION_FILE),
  );
  writeFileSync(join(dir, CALIBRATION_FILE), '{ not json');
  await assert.rejects(loadWeights(dir), (e: Error & { code?: string }) => e.code === 'MODEL_INVALID');
});

test('weights without a calibration run in float32 under auto, and refuse an explicit int8', async () => {
  const weights = await loadWeights(writeRandomModel(6));
  const engine = await createEngine(weights, runtime('auto'));
  assert.equal(engine.name, 'onnx/cpu');
  await engine.dispose();
  await assert.rejects(
    createEngine(weights, runtime('int8')),
    (e: Error & { code?: string; hint?: string }) =>
      e.code === 'MODEL_MISSING' && /--precision fp32/.test(e.hint ?? ''),
  );
});

test(
  'int8 ESR-9 gives the float32 ensemble label on every golden face, with logits close',
  { skip: NO_GOLDEN || NO_CALIBRATION },
  async () => {
    const { input, n } = loadGolden();
    const weights = await loadWeights(DEFAULT_MODEL_DIR);
    const fp32 = await createEngine(weights, runtime('fp32'));
    const int8 = await createEngine(weights, runtime('int8'));
    assert.equal(int8.name, 'onnx/cpu/int8');
    const a = await fp32.run(input.data, n, false);
    const b = await int8.run(input.data, n, false);
    const labels = (out: typeof a): string[] => decodeFaces(out, n, classMap(8)).map((f) => f.emotion);
    assert.deepEqual(labels(b), labels(a));
    const spread = Math.max(...a.logits) - Math.min(...a.logits);
    const worst = Math.max(...Array.from(a.logits, (v, i) => Math.abs(v - b.logits[i])));
    assert.ok(worst < 0.1 * spread, `int8 logits differ by up to ${worst} (float32 logits span ${spread})`);
    await Promise.all([fp32.dispose(), int8.dispose()]);
  },
);

test(
  'int8 ESR-9 keeps the float32 label on >= 99 % of FER+ valid faces and accuracy within 0.3 point',
  { skip: NO_FER_VALID || NO_CALIBRATION },
  async (t) => {
    const { faces, labels } = loadMajorityValid();
    const weights = await loadWeights(DEFAULT_MODEL_DIR);
    const results: number[][] = [];
    for (const precision of ['fp32', 'int8'] as const) {
      const engine = await createEngine(weights, runtime(precision));
      results.push(await ensembleLabels(engine, faces));
      await engine.dispose();
    }
    const [fp32, int8] = results;
    const same = fp32.filter((l, i) => l === int8[i]).length / faces.length;
    const accuracy = (p: number[]): number => p.filter((l, i) => l === labels[i]).length / labels.length;
    t.diagnostic(
      `${faces.length} faces: same label ${(100 * same).toFixed(2)} %, accuracy fp32 ${(100 * accuracy(fp32)).toFixed(2)} % int8 ${(100 * accuracy(int8)).toFixed(2)} %`,
    );
    assert.ok(same >= 0.99, `int8 agrees with float32 on ${(100 * same).toFixed(2)} % of faces`);
    assert.ok(
      Math.abs(accuracy(int8) - accuracy(fp32)) <= 0.003,
      `accuracy ${accuracy(int8)} (int8) vs ${accuracy(fp32)} (float32)`,
    );
  },
);

test('the shipped calibration matches the shipped weights', { skip: NO_CALIBRATION }, async () => {
  const dir = tempDir();
  copyFileSync(join(DEFAULT_MODEL_DIR, 'esr9.safetensors'), join(dir, 'esr9.safetensors'));
  copyFileSync(join(DEFAULT_MODEL_DIR, CALIBRATION_FILE), join(dir, CALIBRATION_FILE));
  assert.ok((await loadWeights(dir)).calibration, 'esr9.int8.json was measured on other weights');
});
