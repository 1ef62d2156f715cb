import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  intersects,
  labelsCollide,
  placeLabels,
  type PlacedLabel,
  type Rect,
  segmentCrossesRect,
} from '../../src/render/place-labels.js';

/** n x n faces of `side` px, `gap` px apart, starting at (x0, y0). */
function grid(n: number, side: number, gap: number, x0 = 0, y0 = 0): Rect[] {
  return Array.from({ length: n * n }, (_, k) => ({
    x: x0 + (k % n) * (side + gap),
    y: y0 + Math.floor(k / n) * (side + gap),
    width: side,
    height: side,
  }));
}

/** Every caption inside the bounds, none overlapping another, no leader line crossing another caption. */
function assertApart(labels: PlacedLabel[], bounds: Rect): void {
  labels.forEach(({ rect }, i) => {
    assert.ok(
      rect.x >= bounds.x &&
        rect.y >= bounds.y &&
        rect.x + rect.width <= bounds.x + bounds.width + 1e-9 &&
        rect.y + rect.height <= bounds.y + bounds.height + 1e-9,
      `caption ${i} inside the image`,
    );
    labels.forEach((other, j) => {
      if (i === j) return;
      assert.ok(!intersects(rect, other.rect), `caption ${i} overlaps caption ${j}`);
      assert.ok(!other.leader || !segmentCrossesRect(other.leader, rect), `leader ${j} crosses caption ${i}`);
    });
  });
}

/** No caption covers a face box other than its own. */
function assertOffOtherFaces(labels: PlacedLabel[], boxes: Rect[]): void {
  labels.forEach(({ rect }, i) =>
    boxes.forEach((b, j) => assert.ok(i === j || !intersects(rect, b), `caption ${i} covers face ${j}`)),
  );
}

test('4 x 4 grid of 120 px faces with 40 px gaps: captions wider than a face stay inside, apart and off other faces', () => {
  const boxes = grid(4, 120, 40, 0, 20);
  const bounds = { x: 0, y: 0, width: 620, height: 660 };
  const labels = placeLabels(
    boxes,
    boxes.map(() => ({ width: 150, height: 16 })),
    bounds,
  );
  assertApart(labels, bounds);
  assertOffOtherFaces(labels, boxes);
  assert.equal(labelsCollide(labels, boxes), false);
});

test('4 x 4 grid of touching 120 px faces: captions inside the image and apart even where they must cover faces', () => {
  const boxes = grid(4, 120, 0);
  const bounds = { x: 0, y: 0, width: 480, height: 480 };
  const labels = placeLabels(
    boxes,
    boxes.map(() => ({ width: 100, height: 16 })),
    bounds,
  );
  assertApart(labels, bounds);
  assert.equal(labelsCollide(labels), false);
});

test('faces at the right and bottom edges: captions are pulled inside the image, not cut', () => {
  const bounds = { x: 50, y: 30, width: 400, height: 300 };
  const boxes = [
    { x: 380, y: 40, width: 70, height: 80 },
    { x: 60, y: 250, width: 70, height: 80 },
    { x: 380, y: 250, width: 70, height: 80 },
  ];
  const labels = placeLabels(
    boxes,
    boxes.map(() => ({ width: 180, height: 18 })),
    bounds,
  );
  assertApart(labels, bounds);
  assertOffOtherFaces(labels, boxes);
});

test('five overlapping-caption faces like multi_face.jpg: no caption covers another face, moved ones get a leader to their box', () => {
  const boxes = [
    [222, 59, 81, 113],
    [312, 218, 100, 144],
    [435, 204, 82, 106],
    [531, 298, 96, 140],
    [680, 273, 109, 147],
  ].map(([x, y, width, height]) => ({ x, y, width, height }));
  const bounds = { x: 0, y: 0, width: 1000, height: 667 };
  const labels = placeLabels(
    boxes,
    boxes.map(() => ({ width: 240, height: 22 })),
    bounds,
  );
  assertApart(labels, bounds);
  assertOffOtherFaces(labels, boxes);
  labels.forEach(({ rect, leader }, i) => {
    const b = boxes[i];
    const touches =
      rect.x <= b.x + b.width && b.x <= rect.x + rect.width && rect.y <= b.y + b.height && b.y <= rect.y + rect.height;
    if (touches) return;
    assert.ok(leader, `caption ${i} moved away gets a leader`);
    const [, , x2, y2] = leader;
    assert.ok(x2 >= b.x && x2 <= b.x + b.width && y2 >= b.y && y2 <= b.y + b.height, `leader ${i} ends on its box`);
  });
});

test('a row of 9 faces along the top edge, captions 3 faces wide: stacked below without overlaps or crossed leaders', () => {
  const boxes = Array.from({ length: 9 }, (_, k) => ({ x: 5 + k * 50, y: 0, width: 45, height: 55 }));
  const bounds = { x: 0, y: 0, width: 512, height: 341 };
  const labels = placeLabels(
    boxes,
    boxes.map(() => ({ width: 110, height: 17 })),
    bounds,
  );
  assertApart(labels, bounds);
  assert.equal(labelsCollide(labels), false);
});

test('segmentCrossesRect: through the interior yes, along an edge or outside no', () => {
  const r = { x: 10, y: 10, width: 10, height: 10 };
  assert.equal(segmentCrossesRect([0, 15, 30, 15], r), true);
  assert.equal(segmentCrossesRect([0, 10, 30, 10], r), false);
  assert.equal(segmentCrossesRect([0, 0, 5, 30], r), false);
  assert.equal(segmentCrossesRect([15, 0, 15, 10], r), false);
});
