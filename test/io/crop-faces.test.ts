import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cropGreyFaces, squareRegion } from '../../src/io/crop-faces.js';

test('square regions are centred on the box and clamped inside the image', () => {
  assert.deepEqual(squareRegion({ x: 10, y: 20, width: 40, height: 60 }, 200, 200), { left: 0, top: 20, size: 60 });
  assert.deepEqual(squareRegion({ x: 180, y: 180, width: 50, height: 50 }, 200, 200), {
    left: 150,
    top: 150,
    size: 50,
  });
  assert.deepEqual(squareRegion({ x: -50, y: 0, width: 400, height: 400 }, 100, 80), { left: 20, top: 0, size: 80 });
});

test('grey crops are side x side, one per box, and follow the pixels of their region', async () => {
  const width = 64,
    height = 64;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.fill(x < 32 ? 20 : 220, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const image = { width, height, channels: 3 as const, data };
  const [dark, bright] = await cropGreyFaces(
    image,
    [
      { x: 0, y: 0, width: 24, height: 24 },
      { x: 36, y: 10, width: 28, height: 28 },
    ],
    48,
  );
  assert.equal(dark.length, 48 * 48);
  assert.equal(bright.length, 48 * 48);
  assert.ok(
    dark.every((v) => Math.abs(v - 20) <= 1),
    'left region is dark',
  );
  assert.ok(
    bright.every((v) => Math.abs(v - 220) <= 1),
    'right region is bright',
  );
});
