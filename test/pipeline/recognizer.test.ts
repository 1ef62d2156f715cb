import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf } from '../../src/runtime/tfjs.js';
import { createRecognizer, FerError, readImage } from '../../src/index.js';
import { ASTRONAUT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(2);

test('recognize returns one face with nine branches, votes and Grad-CAM maps', async () => {
  const fer = await createRecognizer({ modelDir, gradCam: true });
  const r = await fer.recognize(ASTRONAUT);
  assert.equal(r.faces.length, 1);
  const f = r.faces[0];
  assert.equal(f.branches.length, 9);
  assert.equal(
    f.votes.reduce((a, b) => a + b),
    9,
  );
  assert.ok(r.labels.includes(f.emotion));
  assert.equal(f.votes[r.labels.indexOf(f.emotion)], Math.max(...f.votes));
  assert.ok(Math.abs(f.arousal - f.branches.reduce((s, b) => s + b.arousal, 0) / 9) < 1e-6);
  for (const b of f.branches) {
    assert.ok(Math.abs(b.probabilities.reduce((a, c) => a + c) - 1) < 1e-5);
    assert.equal(b.gradCam?.data.length, 64);
    assert.ok(b.gradCam!.data.every((v) => v >= 0 && v <= 1));
  }
  await fer.dispose();
  await assert.rejects(fer.recognize(ASTRONAUT), (e: unknown) => e instanceof FerError && e.code === 'DISPOSED');
});

test('--classes 7 never outputs Contempt; labels follow the class map', async () => {
  const fer = await createRecognizer({ modelDir, classes: 7, detector: 'none' });
  const r = await fer.recognize(ASTRONAUT);
  assert.equal(r.labels.length, 7);
  assert.ok(!r.labels.includes('Contempt'));
  assert.equal(r.faces[0].probabilities.length, 7);
  await fer.dispose();
});

test('no tfjs tensors leak over many frames (tfjs engine + SSD detector)', async () => {
  const fer = await createRecognizer({ modelDir, engine: 'tfjs', gradCam: true });
  const { tf } = await loadTf('wasm');
  const image = await readImage(ASTRONAUT, 1e8);
  await fer.recognize(image);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 15; i++) await fer.recognize(image);
  assert.equal(tf.memory().numTensors, before);
  await fer.dispose();
});
