import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeBilinear, toNetworkInput } from '../../src/esr9/input.js';

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
