import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Detection } from '../../src/detect/detector.js';
import { AMBIGUOUS_MARGIN, createFaceLocator, isAmbiguous, type LocatedFaces } from '../../src/track/face-locator.js';
import type { Box, RawImage } from '../../src/types.js';

const box = (x: number, y: number, side: number): Box => ({ x, y, width: side, height: side });

/** A scripted clip: the true face boxes of each frame and its grey level (another level far off is another scene). */
interface Script {
  frames: number;
  faces(index: number): Box[];
  grey?(index: number): number;
  width?: number;
  fail?: number;
}

/** Frames of the script, and a fake recognizer whose detector finds the true boxes (score falling per frame) and logs the frames it ran on. */
function film(script: Script): {
  images: RawImage[];
  detector: { detect(image: RawImage): Promise<Detection[]> };
  calls: number[];
} {
  const width = script.width ?? 640,
    height = 360;
  const images = Array.from(
    { length: script.frames },
    (_, i): RawImage => ({
      width,
      height,
      channels: 3,
      data: new Uint8Array(width * height * 3).fill(script.grey?.(i) ?? 90),
    }),
  );
  const calls: number[] = [];
  const detect = async (image: RawImage): Promise<Detection[]> => {
    const index = images.indexOf(image);
    calls.push(index);
    if (index === script.fail) throw new Error('detector crashed');
    return script.faces(index).map((b) => ({ box: b, score: 0.99 - index / 100 }));
  };
  return { images, detector: { detect }, calls };
}

/** Locate every frame of a script, all calls made at once (the locator must keep frame order itself). */
async function locateAll(script: Script, detectEvery: number): Promise<{ found: LocatedFaces[]; calls: number[] }> {
  const { images, detector, calls } = film(script);
  const locator = createFaceLocator(detector, detectEvery);
  const found = await Promise.all(images.map((image, i) => locator.locate(image, i)));
  return { found, calls };
}

/** Assert two boxes are equal to 1e-9 px. */
function assertSameBox(actual: Box, expected: Box, what: string): void {
  for (const k of ['x', 'y', 'width', 'height'] as const)
    assert.ok(
      Math.abs(actual[k] - expected[k]) < 1e-9,
      `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
    );
}

test('detectEvery 1 runs the detector on every frame', async () => {
  const { found, calls } = await locateAll({ frames: 5, faces: (i) => [box(100 + 10 * i, 50, 80)] }, 1);
  assert.deepEqual(calls, [0, 1, 2, 3, 4]);
  assert.deepEqual(
    found.map((f) => [f.detected, f.ids]),
    found.map(() => [true, [1]]),
  );
});

test("a face moving steadily: detected on frames 0 and 1 (a face came), then every 3rd; frames in between keep the last detection's box, score and id", async () => {
  const truth = (i: number): Box => box(100 + 10 * i, 50 + 4 * i, 80 + 2 * i);
  const { found, calls } = await locateAll({ frames: 11, faces: (i) => [truth(i)] }, 3);
  assert.deepEqual(calls, [0, 1, 4, 7, 10]);
  const lastCall = (i: number): number => Math.max(...calls.filter((c) => c <= i));
  found.forEach((f, i) => {
    assert.equal(f.detected, calls.includes(i), `frame ${i}`);
    assert.deepEqual(f.ids, [1], `frame ${i}`);
    assertSameBox(f.detections[0].box, truth(lastCall(i)), `frame ${i}`);
  });
  assert.deepEqual(
    [2, 3, 5, 6].map((i) => found[i].detections[0].score),
    [0.98, 0.98, 0.95, 0.95],
    "the last detection's score",
  );
});

test('a face lost at a detection makes the very next frame a detection', async () => {
  const { found, calls } = await locateAll(
    { frames: 9, faces: (i) => (i < 4 ? [box(100, 50, 80), box(400, 60, 80)] : [box(100, 50, 80)]) },
    3,
  );
  assert.deepEqual(calls, [0, 1, 4, 5, 8]);
  assert.deepEqual(
    found.map((f) => f.ids),
    [[1, 2], [1, 2], [1, 2], [1, 2], [1], [1], [1], [1], [1]],
  );
});

test('a new face appearing between detections is missed until the k-th frame, and the frame after is detected too', async () => {
  const { found, calls } = await locateAll(
    { frames: 9, faces: (i) => (i < 2 ? [box(100, 50, 80)] : [box(100, 50, 80), box(400, 60, 80)]) },
    3,
  );
  assert.deepEqual(calls, [0, 1, 4, 5, 8]);
  assert.deepEqual(
    found.map((f) => f.ids.length),
    [1, 1, 1, 1, 2, 2, 2, 2, 2],
    'missed on frames 2 and 3: k - 1 frames',
  );
});

test('a scene cut is detected at once; a small change of the picture is not a cut', async () => {
  const grey = (i: number): number => (i < 2 ? 80 : i < 4 ? 84 : 200);
  const { calls } = await locateAll({ frames: 7, faces: () => [box(100, 50, 80)], grey }, 6);
  assert.deepEqual(calls, [0, 1, 4], 'without the cut on frame 4, the next detection would be frame 7');
});

test("refine() puts carried faces on this frame's detections and keeps their ids; a new face waits, a missed face is left out; later frames are unchanged", async () => {
  const truth = (i: number): Box[] =>
    i < 3
      ? [box(100 + 5 * i, 50, 80), box(400, 60, 80)]
      : [box(100 + 5 * i, 50, 80), box(400, 60, 80), box(250, 200, 60)];
  const { images, detector, calls } = film({ frames: 6, faces: (i) => (i === 4 ? [truth(4)[0]] : truth(i)) });
  const locator = createFaceLocator(detector, 6);
  const located = await Promise.all([0, 1, 2, 3, 4].map((i) => locator.locate(images[i], i)));
  assert.deepEqual(
    located.map((f) => f.detected),
    [true, true, false, false, false],
  );
  const refined = await locator.refine(images[3], located[3]);
  assert.deepEqual(calls, [0, 1, 3]);
  assert.deepEqual(refined.ids, located[3].ids, 'the same faces: the new third face waits for a detection');
  assert.equal(refined.detected, true);
  refined.detections.forEach((d, i) => assertSameBox(d.box, truth(3)[i], `face ${i}`));
  assert.equal(refined.detections[0].score, 0.96);
  const missed = await locator.refine(images[4], located[4]);
  assert.deepEqual(
    [missed.detected, missed.ids, missed.detections.length],
    [true, [1], 1],
    'the second face, not found on frame 4, gets no label there',
  );
  assertSameBox(missed.detections[0].box, truth(4)[0], 'face 0 on its detection');
  const next = await locator.locate(images[5], 5);
  assert.equal(next.detected, false, 'refine() does not move the next detection');
  assertSameBox(next.detections[0].box, truth(1)[0], "frame 5 still holds frame 1's box");
});

test('isAmbiguous(): a face whose winning emotion leads the runner-up by AMBIGUOUS_MARGIN branch votes or fewer', () => {
  const face = (votes: number[]): { votes: number[] } => ({ votes });
  const lead = (n: number): number[] => [(9 + n) / 2, (9 - n) / 2, 0, 0, 0, 0, 0, 0];
  assert.equal(AMBIGUOUS_MARGIN, 3);
  assert.equal(isAmbiguous({ faces: [face([9, 0, 0, 0, 0, 0, 0, 0])] } as never), false);
  assert.equal(isAmbiguous({ faces: [face([0, 6, 0, 3, 0, 0, 0, 0])] } as never), true, '6 to 3');
  assert.equal(isAmbiguous({ faces: [face([0, 7, 0, 2, 0, 0, 0, 0])] } as never), false, '7 to 2');
  assert.equal(isAmbiguous({ faces: [face([3, 3, 3, 0, 0, 0, 0, 0])] } as never), true, 'a tie');
  assert.equal(isAmbiguous({ faces: [face([9, 0, 0, 0, 0, 0, 0, 0]), face(lead(1))] } as never), true, 'any face');
  assert.equal(isAmbiguous({ faces: [] }), false);
});

test('a face whose moved box leaves the frame is detected at once; until then it is recognised on its last detected box', async () => {
  const { found, calls } = await locateAll({ frames: 7, faces: (i) => [box(40 - 8 * i, 50, 80)] }, 6);
  assert.deepEqual(calls, [0, 1, 6], 'frame 5 moves to x = 0, inside; frame 6 to x = -8, out');
  assertSameBox(found[5].detections[0].box, box(32, 50, 80), "frame 5: frame 1's box");
});

test('a face that moved over 40 % of its width since its last detection is detected again, and keeps its id', async () => {
  const fast = await locateAll({ frames: 8, width: 2000, faces: (i) => [box(30 * i, 50, 60)] }, 6);
  assert.deepEqual(fast.calls, [0, 1, 2, 3, 4, 5, 6, 7], 'half its width per frame: every frame');
  assert.deepEqual(new Set(fast.found.flatMap((f) => f.ids)), new Set([1]));
  const steady = await locateAll({ frames: 14, width: 2000, faces: (i) => [box(10 * i, 50, 60)] }, 6);
  assert.deepEqual(steady.calls, [0, 1, 4, 7, 10, 13], 'a sixth of its width per frame: held for 2 frames, not 5');
  assert.deepEqual(new Set(steady.found.flatMap((f) => f.ids)), new Set([1]));
});

test('a face leaving the frame gets no label on the box it has left: its clipped box at the edge is not held', async () => {
  const edge = [box(560, 100, 60), box(580, 100, 56), { x: 599, y: 100, width: 39, height: 56 }];
  const { found, calls } = await locateAll({ frames: 5, faces: (i) => (i < 3 ? [edge[i]] : []) }, 3);
  assert.deepEqual(calls, [0, 1, 2, 3, 4]);
  assert.deepEqual(
    found.map((f) => f.detections.length),
    [1, 1, 1, 0, 0],
    'frame 3: the face is gone',
  );
});

test('a frame flagged as a cut is detected and its faces get new ids, even where the old face was', async () => {
  for (const detectEvery of [1, 3]) {
    const { images, detector, calls } = film({
      frames: 6,
      faces: () => [box(100, 50, 80)],
      grey: (i) => (i < 3 ? 80 : 82),
    });
    const locator = createFaceLocator(detector, detectEvery);
    const found = await Promise.all(images.map((image, i) => locator.locate(image, i, i === 3)));
    assert.deepEqual(
      found.map((f) => f.ids),
      [[1], [1], [1], [2], [2], [2]],
      `detectEvery ${detectEvery}`,
    );
    assert.ok(calls.includes(3), `detectEvery ${detectEvery}: frame 3 detected`);
  }
});

test('a detector failure rejects its own frame; the frames after it are still located, in order', async () => {
  const { images, detector, calls } = film({ frames: 3, faces: () => [box(100, 50, 80)], fail: 1 });
  const locator = createFaceLocator(detector, 2);
  const results = await Promise.allSettled(images.map((image, i) => locator.locate(image, i)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.match(String((results[1] as PromiseRejectedResult).reason), /detector crashed/);
  assert.deepEqual(calls, [0, 1, 2]);
});
