import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toNetworkInput, upscaleBilinear } from '../../src/esr9/input.js';

test('bilinear upscale keeps constants and interpolates a ramp like torch (half-pixel centres)', () => {
  const out = new Float32Array(96 * 96);
  upscaleBilinear(new Uint8Array(48 * 48).fill(51), 48, out, 0);
  assert.ok(out.every((v) => Math.abs(v - 0.2) < 1e-6));
  const ramp = Uint8Array.from({ length: 48 * 48 }, (_, i) => (i % 48) * 5);
  upscaleBilinear(ramp, 48, out, 0);
  assert.equal(out[0], 0);
  assert.ok(Math.abs(out[1] - (0.25 * 5) / 255) < 1e-6);
  assert.ok(Math.abs(out[2] - (0.75 * 5) / 255) < 1e-6);
});

test('network input is N x 3 x 96 x 96, each face upscaled once and repeated in three channels', () => {
  const a = new Uint8Array(48 * 48).fill(255);
  const b = Uint8Array.from({ length: 48 * 48 }, (_, i) => i % 256);
  const batch = toNetworkInput([a, b]);
  const plane = 96 * 96;
  assert.equal(batch.length, 2 * 3 * plane);
  assert.ok(batch.subarray(0, 3 * plane).every((v) => v === 1));
  const single = new Float32Array(plane);
  upscaleBilinear(b, 48, single, 0);
  for (let c = 0; c < 3; c++) assert.deepEqual(batch.subarray((3 + c) * plane, (4 + c) * plane), single);
});
