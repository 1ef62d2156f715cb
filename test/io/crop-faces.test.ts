import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cropFaces, squareRegion, upscaleBilinear } from '../../src/io/crop-faces.js';

test('square regions are centred on the box and clamped inside the image', () => {
  assert.deepEqual(squareRegion({ x: 10, y: 20, width: 40, height: 60 }, 200, 200), { left: 0, top: 20, size: 60 });
  assert.deepEqual(squareRegion({ x: 180, y: 180, width: 50, height: 50 }, 200, 200), { left: 150, top: 150, size: 50 });
  assert.deepEqual(squareRegion({ x: -50, y: 0, width: 400, height: 400 }, 100, 80), { left: 20, top: 0, size: 80 });
});

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

test('face batches are N x 3 x 96 x 96 with equal channels in [0,1]', async () => {
  const image = { width: 64, height: 64, channels: 3 as const, data: Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7) % 256) };
  const batch = await cropFaces(image, [{ x: 0, y: 0, width: 32, height: 32 }, { x: 20, y: 10, width: 40, height: 50 }]);
  assert.equal(batch.length, 2 * 3 * 96 * 96);
  assert.ok(batch.every((v) => v >= 0 && v <= 1));
  const plane = 96 * 96;
  assert.equal(batch[3 * plane + 500], batch[4 * plane + 500]);
  assert.equal(batch[500], batch[2 * plane + 500]);
});
