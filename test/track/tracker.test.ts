import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSummary, createTracker } from '../../src/index.js';
import { iou } from '../../src/track/tracker.js';

const box = (x: number, y = 0, s = 100): { x: number; y: number; width: number; height: number } => ({
  x,
  y,
  width: s,
  height: s,
});

test('iou of identical, disjoint and half-overlapping boxes', () => {
  assert.equal(iou(box(0), box(0)), 1);
  assert.equal(iou(box(0), box(500)), 0);
  assert.ok(Math.abs(iou(box(0), box(50)) - 1 / 3) < 1e-9);
});

test('faces keep their ids as they move, swap order, vanish briefly and new faces get new ids', () => {
  const t = createTracker(0.3, 2);
  assert.deepEqual(t.assign([box(0), box(300)]), [1, 2]);
  assert.deepEqual(t.assign([box(310), box(10)]), [2, 1]);
  assert.deepEqual(t.assign([box(20)]), [1]);
  assert.deepEqual(t.assign([box(30), box(320)]), [1, 2]);
  assert.deepEqual(t.assign([box(600)]), [3]);
  t.assign([]);
  t.assign([]);
  t.assign([]);
  assert.deepEqual(t.assign([box(30)]), [4]);
});

test('summary shares, means and counts', () => {
  const face = (emotion: string, a: number): never => ({ emotion, arousal: a, valence: -a, box: box(0) }) as never;
  const s = createSummary(['Happy', 'Sad']);
  s.add(0, { width: 1, height: 1, labels: [], faces: [face('Happy', 0.5), face('Sad', 0.1)] }, [1, 2]);
  s.add(0.5, { width: 1, height: 1, labels: [], faces: [] }, []);
  s.add(1, { width: 1, height: 1, labels: [], faces: [face('Happy', 0.3)] }, [1]);
  const r = s.result();
  assert.deepEqual([r.frames, r.framesWithFace, r.faces, r.faceIds, r.duration], [3, 2, 3, 2, 1]);
  assert.ok(Math.abs(r.emotionShare.Happy - 2 / 3) < 1e-9);
  assert.ok(Math.abs((r.meanArousal as number) - 0.3) < 1e-9);
});

test('follow moves the named tracks to their boxes without matching; the others miss a frame', () => {
  const t = createTracker(0.3, 1);
  assert.deepEqual(t.assign([box(0), box(300)]), [1, 2]);
  t.follow([1], [box(150)]);
  assert.deepEqual(t.assign([box(160)]), [1], 'matched at its followed box, 150 px from where it was seen');
  t.follow([1], [box(170)]);
  assert.deepEqual(
    t.assign([box(300)]),
    [3],
    'track 2 missed two frames (one followed frame and one assigned): retired',
  );
});
