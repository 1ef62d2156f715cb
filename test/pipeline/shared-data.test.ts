import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMOTIONS } from '../../src/esr9/definition.js';
import { decodeFaces } from '../../src/esr9/decode.js';
import { createEngine } from '../../src/esr9/engine.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { toNetworkInput } from '../../src/esr9/input.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { createRecognizer } from '../../src/index.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { SHARED } from '../helpers/fixtures.js';

const data = join(SHARED, 'data', 'fer');
const metricsPath = join(DEFAULT_MODEL_DIR, 'metrics.json');
const noShared = existsSync(join(data, 'valid.u8')) ? false : `../shared/data/fer not present (${data})`;
const noModel = existsSync(metricsPath) ? false : 'models/esr9/metrics.json not present';
const FERPLUS_TO_AFFECTNET = [0, 1, 3, 2, 6, 5, 4, 7];

/** FER+ majority label (AffectNet index) of a CSV row's ten vote columns, or -1 when discarded. */
function majority(votes: number[]): number {
  const v = votes.map((c) => (c === 1 ? 0 : c));
  const total = v.reduce((a, b) => a + b, 0);
  const top = v.indexOf(Math.max(...v));
  return top < 8 && v[top] * 2 > total && total > 0 ? FERPLUS_TO_AFFECTNET[top] : -1;
}

test('the TypeScript port matches the training pipeline\'s accuracy on the first FER+ valid images', { skip: noShared || noModel }, async () => {
  const metrics = JSON.parse(readFileSync(metricsPath, 'utf8'));
  const head = metrics.valid_head as { n: number; ensemble_accuracy: number };
  const images = readFileSync(join(data, 'valid.u8'));
  const rows = readFileSync(join(data, 'valid.csv'), 'utf8').trim().split('\n');
  const cols = rows[0].split(',');
  const voteCols = ['neutral', 'happiness', 'surprise', 'sadness', 'anger', 'disgust', 'fear', 'contempt', 'unknown', 'nf'].map((c) => cols.indexOf(c));
  const picked: { index: number; label: number }[] = [];
  for (let i = 1; i < rows.length && picked.length < head.n; i++) {
    const f = rows[i].split(',');
    const label = majority(voteCols.map((c) => Number(f[c])));
    if (label >= 0) picked.push({ index: i - 1, label });
  }
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  const engine = await createEngine(weights, resolveRuntime(resolveOptions()));
  const map = classMap(8);
  let correct = 0;
  for (let s = 0; s < picked.length; s += 32) {
    const batch = picked.slice(s, s + 32);
    const input = toNetworkInput(batch.map((p) => images.subarray(p.index * 48 * 48, (p.index + 1) * 48 * 48)), weights.inputSize);
    const faces = decodeFaces(await engine.run(input, batch.length, false), batch.length, map);
    batch.forEach((p, j) => {
      if (faces[j].emotion === EMOTIONS[p.label]) correct += 1;
    });
  }
  await engine.dispose();
  const accuracy = correct / picked.length;
  assert.ok(Math.abs(accuracy - head.ensemble_accuracy) <= 0.01, `TypeScript ${accuracy} vs PyTorch ${head.ensemble_accuracy} on ${picked.length} images`);
});

test('every face in the multi-face sample is found and recognised', { skip: existsSync(join(SHARED, 'media', 'multi_face.jpg')) ? noModel : 'multi_face.jpg not present' }, async () => {
  const fer = await createRecognizer();
  const r = await fer.recognize(join(SHARED, 'media', 'multi_face.jpg'));
  assert.equal(r.faces.length, 5);
  const xs = r.faces.map((f) => f.box.x);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
  await fer.dispose();
});
