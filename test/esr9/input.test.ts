import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeBilinear, toNetworkInput } from '../../src/esr9/input.js';
import { sharedExtent, sharedSize } from '../../src/esr9/definition.js';

test('bilinear upscale keeps constants and interpolates a ramp like torch (half-pixel centres)', () => {
  const out = new Float32Array(96 * 96);
  resizeBilinear(new Uint8Array(48 * 48).fill(51), 48, 96, out, 0);
  assert.ok(out.every((v) => Math.abs(v - 0.2) < 1e-6));
  const ramp = Uint8Array.from({ length: 48 * 48 }, (_, i) => (i % 48) * 5);
  resizeBilinear(ramp, 48, 96, out, 0);
  assert.equal(out[0], 0);
  assert.ok(Math.abs(out[1] - (0.25 * 5) / 255) < 1e-6);
  assert.ok(Math.abs(out[2] - (0.75 * 5) / 255) < 1e-6);
});

test('a 96 x 96 model gets each face upscaled once and repeated in three channels (N x 3 x 96 x 96)', () => {
  const a = new Uint8Array(48 * 48).fill(255);
  const b = Uint8Array.from({ length: 48 * 48 }, (_, i) => i % 256);
  const batch = toNetworkInput([a, b], 96);
  const plane = 96 * 96;
  assert.equal(batch.length, 2 * 3 * plane);
  assert.ok(batch.subarray(0, 3 * plane).every((v) => v === 1));
  const single = new Float32Array(plane);
  resizeBilinear(b, 48, 96, single, 0);
  for (let c = 0; c < 3; c++) assert.deepEqual(batch.subarray((3 + c) * plane, (4 + c) * plane), single);
});

test('a 48 x 48 model gets the 48 x 48 face as it is, without resampling', () => {
  const face = Uint8Array.from({ length: 48 * 48 }, (_, i) => (i * 7) % 256);
  const batch = toNetworkInput([face], 48);
  assert.equal(batch.length, 3 * 48 * 48);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < 48 * 48; i += 97) assert.equal(batch[c * 48 * 48 + i], Math.fround(face[i] / 255));
  }
});

test("the shared map's cells are placed on their receptive fields in the face crop", () => {
  // Base: conv 5x5 (centre +2 px), conv 3x3 (+1), pool (+0.5, stride 2), conv 3x3 (+2), conv 3x3 (+2), pool (+1, stride 4):
  // cell i is centred on input index 8.5 + 4 i, so the 8 cells of a 48 input span pixels 7 .. 39 (continuous).
  assert.deepEqual(sharedExtent(48), { x: 7 / 48, y: 7 / 48, width: 32 / 48, height: 32 / 48 });
  assert.equal(sharedSize(48), 8);
  assert.deepEqual(sharedExtent(96), { x: 7 / 96, y: 7 / 96, width: 80 / 96, height: 80 / 96 });
  assert.equal(sharedSize(96), 20);
});
