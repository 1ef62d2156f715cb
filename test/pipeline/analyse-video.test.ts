import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Detection } from '../../src/detect/detector.js';
import { analyseVideo, createRecognizer, FerError, type Recognizer } from '../../src/index.js';
import { iou } from '../../src/track/tracker.js';
import type { Box, ImageResult, RawImage } from '../../src/types.js';
import { SHARED } from '../helpers/fixtures.js';
import { faceClip, numberedClip, pannedFaceClip } from '../helpers/videos.js';

const sample = join(SHARED, 'media', 'test.mp4');
const noSample = existsSync(sample) ? false : `../shared/media/test.mp4 not present (${sample})`;

test('the overlapped video pipeline detecting every frame gives, frame by frame, what recognize() gives for the same frame', async () => {
  const clip = existsSync(sample) ? sample : faceClip(3, 10);
  const fer = await createRecognizer();
  const { frames } = await analyseVideo(fer, { input: clip, fps: 5, detectEvery: 1 });
  let count = 0;
  let withFace = 0;
  for await (const frame of frames) {
    assert.equal(frame.index, count, 'frames arrive in order');
    assert.equal(frame.detected, true);
    const alone = await fer.recognize(frame.image);
    assert.deepEqual(
      frame.result.faces.map((f) => [f.box, f.emotion, f.votes]),
      alone.faces.map((f) => [f.box, f.emotion, f.votes]),
      `frame ${frame.index}`,
    );
    assert.equal(frame.faceIds.length, frame.result.faces.length);
    count += 1;
    if (alone.faces.length) withFace += 1;
  }
  assert.ok(count >= 10, `only ${count} frames`);
  assert.ok(withFace >= count / 2, `faces in only ${withFace} of ${count} frames`);
  await fer.dispose();
});

test(
  "detecting every 3rd frame of test.mp4: detected frames are recognize()'s, moved boxes stay on the face, a face is missed < 3 frames, one id",
  { skip: noSample },
  async () => {
    const fer = await createRecognizer();
    const { frames } = await analyseVideo(fer, { input: sample, detectEvery: 3 });
    let [sinceDetection, missedRun] = [0, 0];
    const counts = { detected: 0, moved: 0 };
    const ids = new Set<number>();
    for await (const frame of frames) {
      const alone = await fer.recognize(frame.image);
      frame.faceIds.forEach((id) => ids.add(id));
      sinceDetection = frame.detected ? 0 : sinceDetection + 1;
      assert.ok(sinceDetection < 3, `frame ${frame.index}: ${sinceDetection} frames since the last detection`);
      if (frame.detected) {
        counts.detected += 1;
        assert.deepEqual(
          frame.result.faces.map((f) => [f.box, f.emotion]),
          alone.faces.map((f) => [f.box, f.emotion]),
          `frame ${frame.index}`,
        );
      } else {
        counts.moved += 1;
        for (const f of frame.result.faces) {
          const overlap = Math.max(0, ...alone.faces.map((a) => iou(f.box, a.box)));
          assert.ok(overlap > 0.6, `frame ${frame.index}: moved box off the face (IoU ${overlap.toFixed(2)})`);
        }
      }
      missedRun = alone.faces.length > frame.result.faces.length ? missedRun + 1 : 0;
      assert.ok(missedRun < 3, `frame ${frame.index}: a face recognize() finds missed for ${missedRun} frames`);
    }
    assert.ok(counts.moved > counts.detected, `${counts.detected} frames detected, only ${counts.moved} moved`);
    assert.deepEqual([...ids], [1]);
    await fer.dispose();
  },
);

test('detectEvery must be an integer of at least 1, checked before the input is opened', async () => {
  const fer = { detect: () => assert.fail('no detection expected') } as never;
  for (const detectEvery of [0, -2, 1.5, Number.NaN, '3' as never]) {
    await assert.rejects(
      analyseVideo(fer, { input: '/nonexistent.mp4', detectEvery }),
      (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && /invalid detectEvery/.test(e.message),
    );
  }
});

test('a frame with carried boxes and an ambiguous label is detected and recognised again; clear labels keep every 3rd detection', async () => {
  const clip = faceClip(1, 10);
  /** A recognizer that finds one face everywhere and gives every face the votes it is told. */
  const fake = (votes: number[]): { recognizer: Recognizer; calls: { detect: number; classify: number } } => {
    const calls = { detect: 0, classify: 0 };
    const detect = async (): Promise<Detection[]> => [
      { box: { x: 40 + calls.detect++, y: 30, width: 120, height: 120 }, score: 0.9 },
    ];
    const classify = async (image: RawImage, detections: Detection[]): Promise<ImageResult> => {
      calls.classify += 1;
      const faces = detections.map((d) => ({
        box: d.box,
        score: d.score,
        emotion: 'Happy',
        votes,
        probabilities: [],
        arousal: 0,
        valence: 0,
        branches: [],
      }));
      return { width: image.width, height: image.height, labels: [], faces };
    };
    return { recognizer: { detect, classify } as unknown as Recognizer, calls };
  };
  const run = async (
    votes: number[],
  ): Promise<{ detected: boolean[]; boxes: number[]; calls: { detect: number; classify: number } }> => {
    const { recognizer, calls } = fake(votes);
    const { frames } = await analyseVideo(recognizer, { input: clip, detectEvery: 3 });
    const seen = { detected: [] as boolean[], boxes: [] as number[] };
    for await (const f of frames)
      [seen.detected[f.index], seen.boxes[f.index]] = [f.detected === true, f.result.faces[0].box.x];
    return { ...seen, calls };
  };
  const clear = await run([0, 9, 0, 0, 0, 0, 0, 0]);
  assert.equal(clear.detected.length, 10);
  assert.deepEqual(
    clear.detected,
    [true, true, false, false, true, false, false, true, false, false],
    'frames 0 and 1 (a face came), then every 3rd',
  );
  assert.deepEqual(clear.calls, { detect: 4, classify: 10 });
  const ambiguous = await run([0, 5, 0, 4, 0, 0, 0, 0]);
  assert.ok(ambiguous.detected.every(Boolean), 'every carried frame refined');
  assert.deepEqual(
    ambiguous.calls,
    { detect: 10, classify: 16 },
    '4 detections, 6 refines, each refined frame recognised twice',
  );
  assert.equal(new Set(ambiguous.boxes).size, 10, 'each frame on its own detection');
});

/** A recognizer that finds one face at the same place on every frame, with a clear label. */
function steadyFace(): Recognizer {
  const detect = async (): Promise<Detection[]> => [{ box: { x: 10, y: 8, width: 30, height: 30 }, score: 0.9 }];
  const classify = async (image: RawImage, detections: Detection[]): Promise<ImageResult> => ({
    width: image.width,
    height: image.height,
    labels: [],
    faces: detections.map((d) => ({
      box: d.box,
      score: d.score,
      emotion: 'Happy',
      votes: [0, 9, 0, 0, 0, 0, 0, 0],
      probabilities: [],
      arousal: 0,
      valence: 0,
      branches: [],
    })),
  });
  return { detect, classify } as unknown as Recognizer;
}

test('-f N analyses the first frame, then the first frame at or after each slot, each at its own source time and index', async () => {
  const clip = numberedClip(50, 25);
  for (const [fps, expected] of [
    [1, [0, 25]],
    [5, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]],
    [100, Array.from({ length: 50 }, (_, i) => i)],
  ] as const) {
    const { frames } = await analyseVideo(steadyFace(), { input: clip, fps });
    const seen: [number, number, number, number][] = [];
    for await (const f of frames) seen.push([f.index, f.sourceIndex ?? -1, Math.round(f.image.data[0] / 5), f.time]);
    assert.deepEqual(
      seen,
      expected.map((source, i) => [i, source, source, source / 25]),
      `-f ${fps}`,
    );
  }
});

test('faces after a scene cut get new ids, with the detector on every frame or every 3rd', async () => {
  const clip = numberedClip(20, 25, { cutAt: 7 });
  for (const detectEvery of [1, 3]) {
    const { frames } = await analyseVideo(steadyFace(), { input: clip, detectEvery });
    const ids: number[] = [];
    for await (const f of frames) ids.push(...f.faceIds);
    assert.deepEqual(ids, [...Array<number>(7).fill(1), ...Array<number>(13).fill(2)], `detectEvery ${detectEvery}`);
  }
});

test('a face panned fast and out of the frame is labelled only on boxes that still hold it, and not once it has gone', async () => {
  const clip = pannedFaceClip();
  const fer = await createRecognizer();
  const boxes = async (detectEvery: number): Promise<Box[][]> => {
    const seen: Box[][] = [];
    for await (const f of (await analyseVideo(fer, { input: clip, detectEvery })).frames)
      seen.push(f.result.faces.map((x) => x.box));
    return seen;
  };
  const every = await boxes(1);
  const third = await boxes(3);
  assert.ok(every.some((b) => b.length > 0) && every.some((b) => b.length === 0), 'the face is found, then leaves');
  third.forEach((faces, i) =>
    faces.forEach((box) => {
      const overlap = Math.max(0, ...every[i].map((b) => iou(box, b)));
      assert.ok(
        overlap >= 0.3,
        `frame ${i}: a face labelled on a box ${every[i].length ? `overlapping the face by IoU ${overlap.toFixed(2)}` : 'where there is none'}`,
      );
    }),
  );
  await fer.dispose();
});
