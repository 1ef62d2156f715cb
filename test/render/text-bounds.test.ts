import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawAnnotation } from '../../src/render/annotate.js';
import { computeLayout } from '../../src/render/layout.js';
import { MIN_THUMB } from '../../src/render/panel-geometry.js';
import type { FaceResult, ImageResult, RawImage } from '../../src/types.js';
import { type DrawnText, recordDraws } from '../helpers/record-draws.js';

const LABELS = ['Neutral', 'Happy', 'Surprise', 'Sad', 'Anger/Disgust', 'Fear', 'Contempt'];

/** A face with the longest texts the panel shows: a long label, 100 %, negative two-digit affect. */
function worstFace(x: number, y: number, k: number): FaceResult {
  const emotion = LABELS[k % LABELS.length];
  const probabilities = LABELS.map((l) => (l === emotion ? 1 : 0));
  const branch = {
    emotion,
    probabilities,
    arousal: -0.99,
    valence: -0.99,
    gradCam: {
      width: 8,
      height: 8,
      data: new Float32Array(64).fill(0.5),
      extent: { x: 1 / 6, y: 1 / 6, width: 2 / 3, height: 2 / 3 },
    },
  };
  return {
    box: { x, y, width: 90, height: 110 },
    score: 0.9,
    emotion,
    votes: [9],
    probabilities,
    arousal: -0.99,
    valence: -0.99,
    branches: Array(9).fill(branch),
  };
}

/** n crowded faces on a 1000 x 667 image: a row along the top edge, one in the bottom-right corner. */
function crowded(n: number): ImageResult {
  const faces = Array.from({ length: n }, (_, k) =>
    k === n - 1 && n > 1 ? worstFace(910, 557, k) : worstFace(5 + k * 100, 0, k),
  );
  return { width: 1000, height: 667, labels: LABELS, faces };
}

const image: RawImage = { width: 1000, height: 667, channels: 3, data: new Uint8Array(1000 * 667 * 3).fill(90) };

/** True when two text rectangles share more than half a pixel each way. */
function overlap(a: DrawnText, b: DrawnText): boolean {
  return (
    a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5
  );
}

/** True when the text lies inside the rectangle (half a pixel of slack). */
function inside(t: DrawnText, r: { x: number; y: number; width: number; height: number }): boolean {
  return (
    t.x >= r.x - 0.5 &&
    t.y >= r.y - 0.5 &&
    t.x + t.width <= r.x + r.width + 0.5 &&
    t.y + t.height <= r.y + r.height + 0.5
  );
}

for (const size of [undefined, 1, 2, 3] as const) {
  test(`-s ${size ?? 'natural'}, 1..9 crowded faces with -b -g: every face has a panel, no text clipped, overlapping or under 8 px`, async () => {
    for (let n = 1; n <= 9; n++) {
      const result = crowded(n);
      const {
        value: canvas,
        texts,
        images,
      } = await recordDraws(() => drawAnnotation(image, result, { branches: true, gradCam: true, size }));
      const drawn = texts.filter((t) => t.canvas === canvas);
      const where = `-s ${size ?? 'natural'}, ${n} faces`;
      for (const t of drawn)
        assert.ok(
          inside(t, { x: 0, y: 0, width: canvas.width, height: canvas.height }),
          `${where}: "${t.text}" leaves the canvas`,
        );
      for (let a = 0; a < drawn.length; a++) {
        for (let b = a + 1; b < drawn.length; b++)
          assert.ok(!overlap(drawn[a], drawn[b]), `${where}: "${drawn[a].text}" overlaps "${drawn[b].text}"`);
      }
      for (const t of drawn)
        assert.ok(t.height >= 8, `${where}: "${t.text}" is ${t.height.toFixed(1)} px tall, too small to read`);
      for (let k = 1; k <= n; k++)
        assert.equal(drawn.filter((t) => t.text === `Face ${k}`).length, 1, `${where}: one panel titled Face ${k}`);
      const layout = computeLayout(image.width, image.height, n, true, size);
      const photo = {
        x: layout.image.x,
        y: layout.image.y,
        width: image.width * layout.image.scale,
        height: image.height * layout.image.scale,
      };
      for (const t of drawn)
        assert.ok(
          [photo, ...layout.panels].some((r) => inside(t, r)),
          `${where}: "${t.text}" is not inside the photo or one panel`,
        );
      if (size) assert.equal(canvas.width, [0, 1920, 1440, 1024][size], `${where}: -s keeps the width`);
      const thumbs = images.filter((i) => i.canvas === canvas && i.width === i.height && i.width >= MIN_THUMB);
      assert.ok(thumbs.length >= 10 * n, `${where}: ${thumbs.length} thumbnails of at least ${MIN_THUMB} px`);
      assert.equal(
        drawn.filter((t) => t.text.includes('receptive-field')).length,
        n,
        `${where}: each panel's legend explains the map's extent`,
      );
    }
  });
}

test('captions alone (no panel) stay inside the photo and apart for 1..9 crowded faces at every size', async () => {
  for (const size of [undefined, 1, 2, 3] as const) {
    for (let n = 1; n <= 9; n++) {
      const { value: canvas, texts } = await recordDraws(() => drawAnnotation(image, crowded(n), { size }));
      const drawn = texts.filter((t) => t.canvas === canvas);
      assert.equal(drawn.length, n, 'one caption per face');
      const layout = computeLayout(image.width, image.height, n, false, size);
      const photo = {
        x: layout.image.x,
        y: layout.image.y,
        width: image.width * layout.image.scale,
        height: image.height * layout.image.scale,
      };
      for (const t of drawn)
        assert.ok(inside(t, photo), `-s ${size ?? 'natural'}, ${n} faces: caption "${t.text}" leaves the photo`);
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
          assert.ok(!overlap(drawn[a], drawn[b]), `"${drawn[a].text}" overlaps "${drawn[b].text}"`);
    }
  }
});
