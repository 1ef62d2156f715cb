import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { drawConfusionMatrix, drawRecallBars, type EvalChartData } from '../../src/render/draw-eval-charts.js';

/** A PNG's RGB pixels with a reader for one pixel. */
async function pixels(
  png: Buffer,
): Promise<{ width: number; height: number; at(x: number, y: number): [number, number, number] }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x, y) => {
      const i = (Math.round(y) * info.width + Math.round(x)) * 3;
      return [data[i], data[i + 1], data[i + 2]];
    },
  };
}

/** Pixels darker than mid grey in a rectangle. */
function darkPixels(p: Awaited<ReturnType<typeof pixels>>, x0: number, y0: number, w: number, h: number): number {
  let dark = 0;
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) if (p.at(x, y).reduce((a, b) => a + b) < 3 * 128) dark++;
  return dark;
}

/** Chart data the way `fer eval` computes it, from confusion counts and no-face counts per class. */
function chartOf(labels: string[], confusion: number[][], noFaceByClass: number[], title = 'test'): EvalChartData {
  const scored = confusion.map((row, c) => row.reduce((a, b) => a + b, 0) + noFaceByClass[c]);
  const perClass = Object.fromEntries(labels.map((l, c) => [l, scored[c] ? confusion[c][c] / scored[c] : null]));
  const recalls = Object.values(perClass).filter((r): r is number => r !== null);
  return {
    labels,
    confusion,
    noFaceByClass,
    scored,
    perClass,
    balancedAccuracy: recalls.reduce((a, b) => a + b, 0) / recalls.length,
    title,
  };
}

const chart = chartOf(
  ['Happy', 'Sad', 'Fear'],
  [
    [4, 0, 0],
    [1, 1, 0],
    [0, 0, 0],
  ],
  [0, 0, 0],
);
const [cell, left, top] = [78, 120, 78];

test('the confusion matrix colours each cell by the share of its row (full = dark blue, none = white, half between)', async () => {
  const p = await pixels(await drawConfusionMatrix(chart));
  assert.deepEqual([p.width, p.height], [left + 3 * cell + 20, top + 3 * cell + 40]);
  const cellCorner = (r: number, c: number): [number, number, number] => p.at(left + c * cell + 3, top + r * cell + 3);
  assert.deepEqual(cellCorner(0, 0), [8, 48, 107]);
  assert.deepEqual(cellCorner(0, 1), [255, 255, 255]);
  const half = cellCorner(1, 0);
  assert.ok(half[0] > 8 && half[0] < 255 && half[2] > 107 && half[2] < 255, `half share: ${half}`);
  assert.deepEqual(cellCorner(1, 0), cellCorner(1, 1));
  assert.deepEqual(cellCorner(2, 2), [255, 255, 255], 'a class without images is blank, not NaN');
});

test('a class without images shows a dash in its cells, not "0%" and a count', async () => {
  const p = await pixels(await drawConfusionMatrix(chart));
  const inCell = (r: number, c: number): number =>
    darkPixels(p, left + c * cell + 4, top + r * cell + 4, cell - 8, cell - 8);
  assert.ok(inCell(1, 2) > 0, 'a 0 % cell of a class with images is labelled');
  for (const c of [0, 1, 2])
    assert.ok(
      inCell(2, c) * 3 < inCell(1, 2),
      `empty class, column ${c}: ${inCell(2, c)} dark pixels against ${inCell(1, 2)} for "0% / 0"`,
    );
});

test('images without a face are a "no face" column of the confusion matrix, in the share of their row', async () => {
  const noFace = chartOf(
    ['Neutral', 'Happy'],
    [
      [0, 0],
      [0, 2],
    ],
    [2, 0],
  );
  const p = await pixels(await drawConfusionMatrix(noFace));
  assert.equal(p.width, left + 3 * cell + 20, 'two classes and the no-face column');
  assert.deepEqual(p.at(left + 2 * cell + 3, top + 3), [8, 48, 107], 'Neutral: both images in "no face"');
  assert.deepEqual(p.at(left + 3, top + 3), [255, 255, 255], 'Neutral: none predicted Neutral');
});

test('recall bars count images without a face as misses, and the mean line is the balanced accuracy', async () => {
  const noFace = chartOf(
    ['Neutral', 'Happy'],
    [
      [0, 0],
      [0, 2],
    ],
    [2, 0],
  );
  const p = await pixels(await drawRecallBars(noFace));
  const [barLeft, width, barTop, row] = [130, 420, 56, 34];
  for (let x = barLeft + 2; x < barLeft + 100; x += 3)
    assert.deepEqual(
      p.at(x, barTop + row / 2),
      [0xec, 0xef, 0xf1],
      `Neutral: recall 0 is an empty bar, not "no images" (x ${x})`,
    );
  const lineX = barLeft + width * noFace.balancedAccuracy;
  const darkest = Math.min(...[-1, 0, 1].map((dx) => p.at(lineX + dx, barTop - 2).reduce((a, b) => a + b)));
  assert.ok(darkest < 3 * 200, `the mean line is at the balanced accuracy ${noFace.balancedAccuracy}`);
});

test('recall bars are as long as the recall, in the class colour', async () => {
  const p = await pixels(await drawRecallBars(chart));
  const [barLeft, width, barTop, row] = [130, 420, 56, 34];
  const at = (c: number, share: number): [number, number, number] =>
    p.at(barLeft + width * share, barTop + c * row + row / 2);
  assert.deepEqual(at(0, 0.97), [0xff, 0xd5, 0x4f], 'Happy: recall 1, full bar in its colour');
  assert.deepEqual(at(1, 0.4), [0x64, 0xb5, 0xf6], 'Sad: recall 0.5, coloured up to half');
  assert.deepEqual(at(1, 0.7), [0xec, 0xef, 0xf1], 'Sad: empty beyond half');
});

test('a long title stays inside both charts', async () => {
  const long = chartOf(
    chart.labels,
    chart.confusion,
    chart.noFaceByClass,
    'fer eval a-rather-long-folder-name-for-a-data-set (onnx-int8): accuracy 84.1%, balanced 68.6% (3199 images)',
  );
  for (const draw of [drawConfusionMatrix, drawRecallBars]) {
    const p = await pixels(await draw(long));
    assert.ok(darkPixels(p, 0, 0, p.width, 50) > 0, `${draw.name}: the title is drawn`);
    assert.equal(
      darkPixels(p, p.width - 10, 0, 10, 50),
      0,
      `${draw.name}: nothing in the last 10 columns beside the title`,
    );
  }
});
