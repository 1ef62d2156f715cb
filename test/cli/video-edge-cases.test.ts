import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { ffmpegPath } from '../../src/io/ffmpeg-path.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';
import { faceClip, streamedClip } from '../helpers/videos.js';

const modelDir = writeRandomModel(13);

for (const format of ['webm', 'matroska'] as const) {
  test(`a ${format} written to a pipe (no duration in its header) is analysed to its end by fer video and fer webcam --input`, async () => {
    const clip = streamedClip(format, 3);
    assert.equal((await probeVideo(clip)).duration, null);
    const out = tempDir();
    const video = await fer('video', '-i', clip, '-f', '5', '-o', out, '--detector', 'none', '--model-dir', modelDir);
    assert.equal(video.code, 0, video.err);
    assert.match(video.out, /^frames analysed: 15 /);
    assert.equal(readFileSync(join(out, `streamed_fer.csv`), 'utf8').trim().split('\n').length, 16);
    const webcam = await fer('webcam', '--input', clip, '-f', '2', '--detector', 'none', '--model-dir', modelDir);
    assert.equal(webcam.code, 0, webcam.err);
    assert.equal(webcam.out.split('\n').filter((l) => /^\d+\.\d\ds /.test(l)).length, 6);
  });
}

test('a video without a duration shows progress on a terminal as frames done, without a total', async () => {
  let err = '';
  const code = await main(
    ['node', 'fer', 'video', '-i', streamedClip('webm', 2), '-f', '5', '--detector', 'none', '--model-dir', modelDir],
    {
      out: () => undefined,
      err: (t) => (err += t),
      isTTY: true,
      columns: 100,
    },
  );
  assert.equal(code, 0, err);
  assert.match(err, /frames 10 \| [\d.]+ frames\/s/);
});

test('a still image given to fer video is refused as an image, with a hint to use fer image', async () => {
  const r = await fer('video', '-i', ASTRONAUT, '--model-dir', modelDir);
  assert.equal(r.code, 4, r.err);
  assert.equal(r.err, `fer: a still image, not a video: ${ASTRONAUT}\n  hint: use \`fer image\` for images\n`);
});

/** The video-clock times fer video --json reports for a clip sampled at `fps` (every frame when absent). */
async function sampledTimes(clip: string, fps?: string): Promise<number[]> {
  const r = await fer(
    'video',
    '-i',
    clip,
    ...(fps ? ['-f', fps] : []),
    '--json',
    '--detector',
    'none',
    '--model-dir',
    modelDir,
  );
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => 'time' in l)
    .map((l) => Number(l.time.toFixed(3)));
}

const sampling: [string, () => string, string | undefined, number[]][] = [
  ['a one-frame clip at -f 5', () => faceClip(0.04, 25), '5', [0]],
  ['a one-frame clip at -f 0.5', () => faceClip(0.04, 25), '0.5', [0]],
  ['a one-frame clip, every frame', () => faceClip(0.04, 25), undefined, [0]],
  ['a 4.6 s clip at -f 0.5', () => faceClip(4.6, 10), '0.5', [0, 2, 4]],
  ['a 1 s clip at -f 2', () => faceClip(1, 10), '2', [0, 0.5]],
];

for (const [name, make, fps, times] of sampling) {
  test(`sampling covers the whole clip: ${name} analyses t = ${times.join(', ')}`, async () => {
    assert.deepEqual(await sampledTimes(make(), fps), times);
  });
}

/** A one-second 10 fps test pattern of the given size (ffv1 in Matroska for odd sizes, which H.264 cannot hold). */
function patternClip(width: number, height: number): string {
  const odd = width % 2 === 1 || height % 2 === 1;
  const path = join(tempDir('fer-size-'), `${width}x${height}.${odd ? 'mkv' : 'mp4'}`);
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${width}x${height}:rate=10:duration=1`,
    ...(odd ? ['-c:v', 'ffv1'] : ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']),
    path,
  ]);
  return path;
}

for (const [width, height] of [
  [2, 2],
  [8, 8],
  [3, 3],
  [64, 2],
  [320, 240],
]) {
  test(`a ${width}x${height} video is probed at its size and analysed`, async () => {
    const clip = patternClip(width, height);
    const info = await probeVideo(clip);
    assert.deepEqual([info.width, info.height], [width, height]);
    const r = await fer('video', '-i', clip, '--model-dir', modelDir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^frames analysed: 10 /);
  });
}
