import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { drawConfusionMatrix, drawRecallBars } from '../../src/render/draw-eval-charts.js';

/** The RGB of one pixel of a PNG. */
async function pixel(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 3;
  return [data[i], data[i + 1], data[i + 2]];
}

const chart = { labels: ['Happy', 'Sad', 'Fear'], confusion: [[4, 0, 0], [1, 1, 0], [0, 0, 0]], title: 'test' };

test('the confusion matrix colours each cell by the share of its row (full = dark blue, none = white, half between)', async () => {
  const png = await drawConfusionMatrix(chart);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.width, meta.height], [120 + 3 * 78 + 20, 78 + 3 * 78 + 40]);
  const cellCorner = (r: number, c: number): Promise<[number, number, number]> => pixel(png, 120 + c * 78 + 3, 78 + r * 78 + 3);
  assert.deepEqual(await cellCorner(0, 0), [8, 48, 107]);
  assert.deepEqual(await cellCorner(0, 1), [255, 255, 255]);
  const half = await cellCorner(1, 0);
  assert.ok(half[0] > 8 && half[0] < 255 && half[2] > 107 && half[2] < 255, `half share: ${half}`);
  assert.deepEqual(await cellCorner(1, 0), await cellCorner(1, 1));
  assert.deepEqual(await cellCorner(2, 2), [255, 255, 255], 'a class without images is blank, not NaN');
});

test('recall bars are as long as the recall, in the class colour', async () => {
  const png = await drawRecallBars(chart);
  const [left, width, top, row] = [130, 420, 56, 34];
  const at = (c: number, share: number): Promise<[number, number, number]> => pixel(png, Math.round(left + width * share), top + c * row + row / 2);
  assert.deepEqual(await at(0, 0.97), [0xff, 0xd5, 0x4f], 'Happy: recall 1, full bar in its colour');
  assert.deepEqual(await at(1, 0.4), [0x64, 0xb5, 0xf6], 'Sad: recall 0.5, coloured up to half');
  assert.deepEqual(await at(1, 0.7), [0xec, 0xef, 0xf1], 'Sad: empty beyond half');
});
