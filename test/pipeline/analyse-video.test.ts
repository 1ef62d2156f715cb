import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyseVideo, createRecognizer } from '../../src/index.js';
import { SHARED } from '../helpers/fixtures.js';
import { faceClip } from '../helpers/videos.js';

const sample = join(SHARED, 'media', 'test.mp4');

test('the overlapped video pipeline gives, frame by frame, what recognize() gives for the same frame', async () => {
  const clip = existsSync(sample) ? sample : faceClip(3, 10);
  const fer = await createRecognizer();
  const { frames } = await analyseVideo(fer, { input: clip, fps: 5 });
  let count = 0;
  let withFace = 0;
  for await (const frame of frames) {
    assert.equal(frame.index, count, 'frames arrive in order');
    const alone = await fer.recognize(frame.image);
    assert.deepEqual(frame.result.faces.map((f) => [f.box, f.emotion, f.votes]), alone.faces.map((f) => [f.box, f.emotion, f.votes]), `frame ${frame.index}`);
    assert.equal(frame.faceIds.length, frame.result.faces.length);
    count += 1;
    if (alone.faces.length) withFace += 1;
  }
  assert.ok(count >= 10, `only ${count} frames`);
  assert.ok(withFace >= count / 2, `faces in only ${withFace} of ${count} frames`);
  await fer.dispose();
});
