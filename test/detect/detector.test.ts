import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectFaces } from '../../src/detect/detector.js';
import { createDetector } from '../../src/detect/create-detector.js';
import { readImage, resolveOptions } from '../../src/index.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { ASTRONAUT } from '../helpers/fixtures.js';

test('SSD finds the one face in the astronaut portrait', async () => {
  const detector = await createDetector(resolveOptions(), resolveRuntime(resolveOptions()));
  const faces = await detector.detect(await readImage(ASTRONAUT, 1e8));
  assert.equal(faces.length, 1);
  const { x, y, width, height } = faces[0].box;
  assert.ok(
    x > 150 && x < 220 && y > 40 && y < 110 && width > 60 && height > 70,
    `box ${JSON.stringify(faces[0].box)}`,
  );
  assert.ok(faces[0].score > 0.8);
  detector.dispose();
});

test('an image without a face gives no detections', async () => {
  const detector = await createDetector(resolveOptions(), resolveRuntime(resolveOptions()));
  const flat = { width: 200, height: 150, channels: 3 as const, data: new Uint8Array(200 * 150 * 3).fill(128) };
  assert.deepEqual(await detector.detect(flat), []);
  detector.dispose();
});

test('detector none returns the whole image; largest keeps the biggest box', async () => {
  const none = await createDetector(resolveOptions({ detector: 'none' }), resolveRuntime(resolveOptions()));
  assert.deepEqual((await none.detect({ width: 30, height: 20, channels: 3, data: new Uint8Array(1800) }))[0].box, {
    x: 0,
    y: 0,
    width: 30,
    height: 20,
  });
  const faces = [10, 40, 20].map((s, i) => ({ box: { x: i * 50, y: 0, width: s, height: s }, score: 0.9 }));
  assert.equal(selectFaces(faces, true)[0].box.width, 40);
  assert.deepEqual(
    selectFaces(faces, false).map((f) => f.box.x),
    [0, 50, 100],
  );
});
