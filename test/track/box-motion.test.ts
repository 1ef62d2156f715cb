import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitToFrame, predictBox } from '../../src/track/box-motion.js';

const box = (
  x: number,
  y: number,
  width: number,
  height = width,
): { x: number; y: number; width: number; height: number } => ({ x, y, width, height });

test('a box moves on at the velocity of its centre and size between the last two sightings, per analysed frame', () => {
  const previous = { index: 2, box: box(10, 10, 36) };
  const last = { index: 4, box: box(20, 10, 40) };
  assert.deepEqual(
    predictBox(last, previous, 5),
    box(25, 10, 42),
    'centre (40, 30) moves 6, 1 per frame; side 40 grows 2 per frame',
  );
  assert.deepEqual(predictBox(last, previous, 8), box(40, 10, 48), 'centre (64, 34), side 48');
  assert.deepEqual(predictBox(last, previous, 4), last.box, 'on the sighting itself: the sighting');
});

test('with one sighting, or sightings out of order, the box stays where it was', () => {
  const last = { index: 7, box: box(100, 50, 60, 80) };
  assert.deepEqual(predictBox(last, undefined, 9), last.box);
  assert.deepEqual(predictBox(last, { index: 7, box: box(0, 0, 10) }, 9), last.box);
});

test('a box inside the frame is kept; one that crosses an edge, or shrinks to nothing, leaves the frame', () => {
  const detected = box(100, 100, 50);
  assert.deepEqual(fitToFrame(box(110, 90, 52), detected, 640, 360), box(110, 90, 52));
  assert.deepEqual(fitToFrame(box(0, 0, 50), detected, 640, 360), box(0, 0, 50), 'touching the edge is inside');
  assert.equal(fitToFrame(box(-5, 100, 50), detected, 640, 360), null, 'out on the left');
  assert.equal(fitToFrame(box(100, -3, 50), detected, 640, 360), null, 'out at the top');
  assert.equal(fitToFrame(box(600, 100, 50), detected, 640, 360), null, 'out on the right');
  assert.equal(fitToFrame(box(100, 320, 50), detected, 640, 360), null, 'out at the bottom');
  assert.equal(fitToFrame(box(100, 100, 0.5), detected, 640, 360), null, 'shrunk to nothing');
  assert.equal(fitToFrame(box(100, 100, Number.NaN), detected, 640, 360), null);
});

test('where the detector itself reached past an edge (into its padding), the box may reach as far, and is clamped to that', () => {
  const detected = box(300, 330, 60);
  assert.deepEqual(
    fitToFrame(box(302, 330, 60), detected, 640, 360),
    box(302, 330, 60),
    'no further out than the detection: kept',
  );
  assert.deepEqual(
    fitToFrame(box(302, 330.25, 60), detected, 640, 360),
    box(302, 330.25, 60, 59.75),
    'a sub-pixel overshoot is clamped',
  );
  assert.equal(fitToFrame(box(302, 335, 60), detected, 640, 360), null, 'further out than the detection: leaves');
});
