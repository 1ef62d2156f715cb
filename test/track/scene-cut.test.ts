import assert from 'node:assert/strict';
import { test } from 'node:test';
import { greyThumbnail, SCENE_CUT_THRESHOLD, THUMBNAIL_SIDE, thumbnailDifference } from '../../src/track/scene-cut.js';
import type { RawImage } from '../../src/types.js';

/** An RGB frame whose pixels are `paint(x, y)` as [r, g, b]. */
function frame(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

test('the thumbnail is THUMBNAIL_SIDE squared cells of mean grey (BT.601 weights), whatever the frame size', () => {
  const t = greyThumbnail(frame(640, 360, (x) => (x < 320 ? [255, 0, 0] : [0, 0, 255])));
  assert.equal(t.length, THUMBNAIL_SIDE * THUMBNAIL_SIDE);
  assert.ok(Math.abs(t[0] - 0.299 * 255) < 1e-3, `red cell ${t[0]}`);
  assert.ok(Math.abs(t[THUMBNAIL_SIDE - 1] - 0.114 * 255) < 1e-3, `blue cell ${t[THUMBNAIL_SIDE - 1]}`);
  const small = greyThumbnail(frame(40, 20, () => [90, 90, 90]));
  assert.ok(
    small.every((v) => Math.abs(v - 90) < 1e-3),
    'a frame smaller than 32 px on a side still fills every cell',
  );
});

test('a small camera move stays under the scene-cut threshold; another scene, or black to white, is over it', () => {
  const scene = (dx: number) =>
    frame(320, 180, (x, y) => {
      const v = 128 + 100 * Math.sin((x + dx) / 17) * Math.cos(y / 23);
      return [v, v * 0.8, v * 0.6];
    });
  const a = greyThumbnail(scene(0));
  assert.equal(thumbnailDifference(a, a), 0);
  assert.ok(thumbnailDifference(a, greyThumbnail(scene(3))) < SCENE_CUT_THRESHOLD, 'moved 3 px');
  const other = greyThumbnail(frame(320, 180, (x, y) => (((x >> 4) + (y >> 4)) % 2 ? [250, 250, 250] : [10, 10, 10])));
  assert.ok(thumbnailDifference(a, other) > SCENE_CUT_THRESHOLD, `another scene: ${thumbnailDifference(a, other)}`);
  const black = greyThumbnail(frame(64, 64, () => [0, 0, 0]));
  const white = greyThumbnail(frame(64, 64, () => [255, 255, 255]));
  assert.ok(Math.abs(thumbnailDifference(black, white) - 255) < 1e-3);
});
