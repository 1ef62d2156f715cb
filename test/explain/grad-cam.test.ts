import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeGradCam } from '../../src/explain/grad-cam.js';

test('Grad-CAM weights each channel by its mean gradient, keeps the positive part and scales the peak to 1 (worked example)', () => {
  // Two channels of 1 x 3 cells. Mean gradients: channel 0 -> (1 + 2 + 3) / 3 = 2, channel 1 -> (-3 + 0 + 0) / 3 = -1.
  // Weighted sum per cell: 2 * [1, 2, 0] - 1 * [4, 1, 0] = [-2, 3, 0] -> ReLU [0, 3, 0] -> / 3 = [0, 1, 0].
  const activations = Float32Array.of(1, 2, 0, 4, 1, 0);
  const gradients = Float32Array.of(1, 2, 3, -3, 0, 0);
  const cam = computeGradCam(activations, gradients, 2, 1, 3);
  assert.deepEqual({ w: cam.width, h: cam.height }, { w: 3, h: 1 });
  assert.deepEqual(Array.from(cam.data), [0, 1, 0]);
});

test('the map does not depend on the scale of the gradients', () => {
  const activations = Float32Array.from({ length: 3 * 16 }, (_, i) => Math.abs(Math.sin(i)));
  const gradients = Float32Array.from({ length: 3 * 16 }, (_, i) => Math.cos(i * 1.3));
  const a = computeGradCam(activations, gradients, 3, 4, 4);
  const b = computeGradCam(
    activations,
    gradients.map((g) => g * 0.01),
    3,
    4,
    4,
  );
  for (let p = 0; p < 16; p++) assert.ok(Math.abs(a.data[p] - b.data[p]) < 1e-5);
  assert.ok(a.data.some((v) => v === 1));
});

test('an all-negative map is all zeros, not NaN', () => {
  const cam = computeGradCam(new Float32Array([1, 1, 1, 1]), new Float32Array([-1, -1, -1, -1]), 1, 2, 2);
  assert.deepEqual(Array.from(cam.data), [0, 0, 0, 0]);
});
