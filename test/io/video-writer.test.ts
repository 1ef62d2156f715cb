import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { ffmpegPath } from '../../src/io/ffmpeg-path.js';
import { hasMp4Index } from '../../src/io/mp4-complete.js';
import { createVideoWriter } from '../../src/io/video-writer.js';
import { tempDir } from '../helpers/fixtures.js';
import { killEncoderOf, NO_PROC } from '../helpers/encoder.js';

const frame = new Uint8Array(640 * 480 * 4).fill(128);

test(
  'an encoder killed mid-write fails the next write with OUTPUT_UNWRITABLE instead of waiting forever',
  { skip: NO_PROC, timeout: 60_000 },
  async () => {
    const writer = createVideoWriter(join(tempDir(), 'x.mp4'), 640, 480, 5);
    const writing = (async () => {
      for (let i = 0; i < 10_000; i++) await writer.write(frame);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    const [, error] = await Promise.all([killEncoderOf(process.pid, 30_000), writing]);
    assert.ok(error instanceof FerError && error.code === 'OUTPUT_UNWRITABLE', String(error));
    assert.match(
      (error as FerError).message,
      /could not write video .*x\.mp4: the encoder \(ffmpeg\) was stopped by SIGKILL/,
    );
    await assert.rejects(writer.finish(), (e: unknown) => e instanceof FerError && e.code === 'OUTPUT_UNWRITABLE');
  },
);

test('an MP4 counts as complete only with its index: a cut file without one is refused', async () => {
  const dir = tempDir();
  const whole = join(dir, 'whole.mp4');
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=160x120:rate=10:duration=2',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    whole,
  ]);
  const bytes = readFileSync(whole);
  const cut = join(dir, 'cut.mp4');
  writeFileSync(cut, bytes.subarray(0, bytes.length - 200));
  const text = join(dir, 'text.mp4');
  writeFileSync(text, 'not a video at all');
  for (const [path, complete] of [
    [whole, true],
    [cut, false],
    [text, false],
  ] as const)
    assert.equal(await hasMp4Index(path), complete, path);
  const writer = createVideoWriter(join(dir, 'ok.mp4'), 64, 48, 5);
  for (let i = 0; i < 3; i++) await writer.write(new Uint8Array(64 * 48 * 4));
  await writer.finish();
  assert.equal(await hasMp4Index(join(dir, 'ok.mp4')), true, 'what the writer finishes has its index');
});
