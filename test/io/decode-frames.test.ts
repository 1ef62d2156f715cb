import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrames, type VideoFrame } from '../../src/io/decode-frames.js';
import { FerError } from '../../src/index.js';
import { numberedClip } from '../helpers/videos.js';

/** Every frame decodeFrames() gives at `fps`, as [source frame shown by its grey level, sourceIndex, time, cut]. */
async function decodeAll(
  clip: string,
  fps: number,
  inputOptions: string[] = [],
): Promise<[number, number, number, boolean][]> {
  const seen: [number, number, number, boolean][] = [];
  for await (const f of decodeFrames(clip, { fps, width: 64, height: 48, inputOptions }) as AsyncIterable<VideoFrame>) {
    seen.push([Math.round(f.image.data[0] / 5), f.sourceIndex, f.time, f.cut]);
  }
  return seen;
}

/** The [shown, sourceIndex, time] of source frames `indices` of a constant-rate clip. */
const frames = (rate: number, indices: number[]): [number, number, number][] => indices.map((i) => [i, i, i / rate]);

/** Drop the cut flag of decodeAll()'s rows. */
const uncut = (rows: [number, number, number, boolean][]): [number, number, number][] =>
  rows.map(([a, b, c]) => [a, b, c]);

test("-f N keeps the first frame, then for each slot k/N the first source frame at or after it, with that frame's own time", async () => {
  const clip = numberedClip(50, 25);
  assert.deepEqual(uncut(await decodeAll(clip, 1)), frames(25, [0, 25]));
  assert.deepEqual(uncut(await decodeAll(clip, 5)), frames(25, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]));
  assert.deepEqual(
    uncut(await decodeAll(clip, 0.5)),
    frames(25, [0]),
    'the slot at 2 s is past the last frame (1.96 s)',
  );
  assert.deepEqual(
    uncut(await decodeAll(clip, 3)),
    frames(25, [0, 9, 17, 25, 34, 42]),
    'slots 1/3, 2/3 … s fall between frames: the next frame',
  );
});

test('-f above the source rate keeps every frame once; -f 0 every frame; a tiny -f the first frame only', async () => {
  const clip = numberedClip(20, 25);
  const every = frames(
    25,
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.deepEqual(uncut(await decodeAll(clip, 100)), every);
  assert.deepEqual(uncut(await decodeAll(clip, 25)), every);
  assert.deepEqual(uncut(await decodeAll(clip, 0)), every);
  assert.deepEqual(uncut(await decodeAll(clip, 1e-10)), frames(25, [0]));
});

test("a variable-rate clip is sampled by its frames' own timestamps, and a frame that covers several slots is kept once", async () => {
  const clip = numberedClip(30, 10, { vfr: true });
  const rows = uncut(await decodeAll(clip, 1));
  assert.deepEqual(
    rows.map(([shown, index]) => [shown, index]),
    [
      [0, 0],
      [10, 10],
      [20, 20],
    ],
    'slots 1 s and 2 s both fall on frame 10 (at 2 s)',
  );
  rows.forEach(([, index, time]) =>
    assert.ok(Math.abs(time - (index < 10 ? index / 10 : index / 10 + 1)) < 1e-3, `frame ${index} at ${time} s`),
  );
  const all = uncut(await decodeAll(clip, 0));
  assert.equal(all.length, 30);
  assert.ok(Math.abs(all[10][2] - 2) < 1e-3, `frame 10 at ${all[10][2]} s, after the gap`);
});

test('a scene cut is flagged on the first decoded frame after it, whether or not the cut frame itself is kept', async () => {
  const clip = numberedClip(30, 25, { cutAt: 12 });
  const every = await decodeAll(clip, 0);
  assert.deepEqual(
    every.filter((r) => r[3]).map((r) => r[1]),
    [12],
  );
  const sampled = await decodeAll(clip, 5);
  assert.deepEqual(
    sampled.map((r) => r[1]),
    [0, 5, 10, 15, 20, 25],
  );
  assert.deepEqual(
    sampled.filter((r) => r[3]).map((r) => r[1]),
    [15],
    'the cut at frame 12 lies between frames 10 and 15',
  );
});

test('an ffmpeg failure rejects with a FerError naming the input, also when ffmpeg fails before any frame', async () => {
  const clip = numberedClip(5, 25);
  await assert.rejects(
    decodeAll(clip, 1, ['-no_such_option']),
    (e: unknown) => e instanceof FerError && e.code === 'INPUT_CORRUPT' && e.message.includes(clip),
  );
  await assert.rejects(
    decodeAll(clip, 0, ['-no_such_option']),
    (e: unknown) => e instanceof FerError && e.message.includes(clip),
  );
});
