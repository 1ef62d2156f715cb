import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { computeLayout } from '../../src/render/layout.js';
import { MIN_THUMB } from '../../src/render/panel-geometry.js';
import { intersects } from '../../src/render/place-labels.js';
import { DISPLAY_SIZES } from '../../src/options.js';
import { jet } from '../../src/render/palette.js';
import {
  imageCsvHeader,
  imageCsvRows,
  readImage,
  renderAnnotated,
  type FaceResult,
  type ImageResult,
} from '../../src/index.js';
import { ASTRONAUT } from '../helpers/fixtures.js';

/** A synthetic face result. */
function fakeFace(emotion: string): FaceResult {
  const branch = {
    emotion,
    probabilities: [0.1, 0.9],
    arousal: 0.3,
    valence: -0.4,
    gradCam: { width: 8, height: 8, data: Float32Array.from({ length: 64 }, (_, i) => i / 63) },
  };
  return {
    box: { x: 180, y: 70, width: 90, height: 110 },
    score: 0.97,
    emotion,
    votes: [0, 9],
    probabilities: [0.1, 0.9],
    arousal: 0.3,
    valence: -0.4,
    branches: Array(9).fill(branch),
  };
}

const result: ImageResult = { width: 512, height: 512, labels: ['Neutral', 'Happy'], faces: [fakeFace('Happy')] };

test('jet runs blue -> green -> red', () => {
  assert.deepEqual(jet(0), [0, 0, 128]);
  assert.deepEqual(jet(0.5), [128, 255, 128]);
  assert.deepEqual(jet(1), [128, 0, 0]);
});

test('layout: natural size follows the image; -s sizes are exact while the panels fit beside the image', () => {
  const natural = computeLayout(512, 512, 1, false);
  assert.deepEqual([natural.width, natural.height], [600, 600]);
  const withPanel = computeLayout(512, 512, 2, true);
  assert.equal(withPanel.width, 600 + 2 * withPanel.panels[0].width);
  for (const [s, w, h] of [
    [1, 1920, 1080],
    [2, 1440, 900],
    [3, 1024, 768],
  ] as const) {
    const l = computeLayout(4000, 3000, 1, true, s);
    assert.deepEqual([l.width, l.height], [w, h]);
    assert.ok(l.image.x + 4000 * l.image.scale <= l.panels[0].x + 1);
  }
});

test('layout: one panel per face; past the ones beside the image they wrap into rows under it and the canvas grows', () => {
  for (const size of [undefined, 1, 2, 3] as const) {
    for (const faces of [1, 5, 9, 16]) {
      const l = computeLayout(1000, 667, faces, true, size);
      const where = `-s ${size ?? 'natural'}, ${faces} faces`;
      assert.equal(l.panels.length, faces, where);
      assert.ok(l.thumb >= MIN_THUMB, `${where}: thumbnails of ${l.thumb} px`);
      l.panels.forEach((p, i) => {
        assert.ok(
          p.x >= 0 && p.y >= 0 && p.x + p.width <= l.width && p.y + p.height <= l.height,
          `${where}: panel ${i} inside the canvas`,
        );
        assert.ok(
          p.y >= l.band || p.x >= l.image.x + 1000 * l.image.scale - 1,
          `${where}: panel ${i} beside or under the image`,
        );
        l.panels
          .slice(i + 1)
          .forEach((q, j) => assert.ok(!intersects(p, q), `${where}: panels ${i} and ${i + j + 1} overlap`));
      });
      if (size) assert.equal(l.width, DISPLAY_SIZES[size][0], `${where}: -s keeps the width`);
      if (l.panels.some((p) => p.y >= l.band))
        assert.ok(l.height > l.band, `${where}: rows under the band grow the canvas`);
    }
  }
});

test('annotated PNG has the layout size, the box drawn in the emotion colour and a branch panel', async () => {
  const image = await readImage(ASTRONAUT, 1e8);
  const plain = await sharp(await renderAnnotated(image, result))
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.deepEqual([plain.info.width, plain.info.height], [600, 600]);
  const scale = 600 / 512;
  const px = (x: number, y: number): number[] =>
    Array.from(
      plain.data.subarray(
        (Math.round(y) * 600 + Math.round(x)) * plain.info.channels,
        (Math.round(y) * 600 + Math.round(x)) * plain.info.channels + 3,
      ),
    );
  const edge = px(180 * scale, 140 * scale);
  assert.ok(
    [0xff, 0xd5, 0x4f].every((v, i) => Math.abs(edge[i] - v) < 16),
    `left edge of the box is Happy yellow, got ${edge}`,
  );
  const inside = px(225 * scale, 140 * scale);
  assert.ok(
    [0xff, 0xd5, 0x4f].some((v, i) => Math.abs(inside[i] - v) > 30),
    'inside the box is the photo',
  );
  const panel = await sharp(await renderAnnotated(image, result, { branches: true, gradCam: true }))
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.ok(panel.info.width > 600);
  const s3 = await sharp(await renderAnnotated(image, result, { branches: true, size: 3 })).metadata();
  assert.deepEqual([s3.width, s3.height], [1024, 768]);
});

test('CSV: reference columns, one row per face, a row for no face', () => {
  const header = imageCsvHeader().split(',');
  assert.deepEqual(header.slice(2, 5), ['Ensemble_Emotion', 'Ensemble_Arousal', 'Ensemble_Valence']);
  assert.equal(header[header.indexOf('Branch_8_Valence') - 2], 'Branch_8_Emotion');
  const rows = imageCsvRows('a,b.jpg', result);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].split(',').length, header.length + 1, 'quoted name adds one comma');
  assert.ok(rows[0].startsWith('"a,b.jpg",1,Happy,0.3,-0.4,'));
  const none = imageCsvRows('x.jpg', { ...result, faces: [] })[0].split(',');
  assert.equal(none.length, header.length);
  assert.equal(none[2], 'No face');
});
