import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxIou, decodeDetections } from '../../src/detect/ssd-decode.js';
import { toSsdInput } from '../../src/detect/ssd-input.js';

/** SSD outputs for anchors [ymin, xmin, ymax, xmax] with zero encodings (boxes = anchors) and these face scores. */
function outputs(anchors: number[][], scores: number[]): [Float32Array, Float32Array, Float32Array] {
  const cls = new Float32Array(anchors.length * 3);
  scores.forEach((s, i) => (cls[i * 3 + 1] = s));
  return [new Float32Array(anchors.length * 4), cls, Float32Array.from(anchors.flat())];
}

test('box IoU of identical, disjoint, half-overlapping and empty boxes', () => {
  assert.equal(boxIou([0, 0, 1, 1], [0, 0, 1, 1]), 1);
  assert.equal(boxIou([0, 0, 1, 1], [2, 2, 3, 3]), 0);
  assert.ok(Math.abs(boxIou([0, 0, 1, 1], [0, 0.5, 1, 1.5]) - 1 / 3) < 1e-12);
  assert.equal(boxIou([0, 0, 0, 1], [0, 0, 1, 1]), 0);
});

test('overlapping boxes keep the best; distinct ones all stay; weak ones are dropped', () => {
  const [enc, cls, anchors] = outputs(
    [
      [0, 0, 0.5, 0.5],
      [0.02, 0.02, 0.52, 0.52],
      [0.5, 0.5, 1, 1],
      [0.6, 0, 0.9, 0.3],
    ],
    [0.8, 0.9, 0.7, 0.4],
  );
  const faces = decodeDetections(enc, cls, anchors, 512, 512, 0.5);
  assert.deepEqual(
    faces.map((f) => f.score),
    [Float32Array.of(0.9)[0], Float32Array.of(0.7)[0]],
  );
  assert.ok(Math.abs(faces[1].box.x - 256) < 1e-3 && Math.abs(faces[1].box.width - 256) < 1e-3);
});

test('encodings shift and scale the anchor as the SSD box coder does', () => {
  const [enc, cls, anchors] = outputs([[0.2, 0.2, 0.4, 0.4]], [0.9]);
  enc.set([10, 0, 5 * Math.log(2), 0]);
  const [face] = decodeDetections(enc, cls, anchors, 100, 100, 0.5);
  assert.ok(Math.abs(face.box.y - 30) < 1e-4 && Math.abs(face.box.height - 40) < 1e-4, JSON.stringify(face.box));
  assert.ok(Math.abs(face.box.x - 20) < 1e-4 && Math.abs(face.box.width - 20) < 1e-4, JSON.stringify(face.box));
});

test('boxes of a wide image come back in its pixels (the padded square is undone)', () => {
  const [enc, cls, anchors] = outputs([[0.1, 0.5, 0.3, 0.75]], [0.9]);
  const [face] = decodeDetections(enc, cls, anchors, 800, 400, 0.5);
  assert.ok(Math.abs(face.box.x - 400) < 1e-3 && Math.abs(face.box.width - 200) < 1e-3, JSON.stringify(face.box));
  assert.ok(Math.abs(face.box.y - 80) < 1e-3 && Math.abs(face.box.height - 160) < 1e-3, JSON.stringify(face.box));
});

test('the SSD input pads right/bottom with zeros (-1 after scaling) and scales pixels to [-1, 1]', () => {
  const image = { width: 256, height: 128, channels: 3 as const, data: new Uint8Array(256 * 128 * 3).fill(255) };
  const input = toSsdInput(image);
  const plane = 512 * 512;
  assert.equal(input.length, 3 * plane);
  assert.equal(input[0], 1);
  assert.equal(input[2 * plane + 100 * 512 + 100], 1);
  assert.equal(input[400 * 512 + 10], -1, 'below the image is padding');
  assert.equal(input[plane + 511 * 512 + 511], -1);
});
