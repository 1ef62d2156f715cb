import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeVideo } from '../../src/io/probe-video.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';
import { streamedClip } from '../helpers/videos.js';

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

test('a still image given to fer video is refused as an image, with a hint to use fer image', async () => {
  const r = await fer('video', '-i', ASTRONAUT, '--model-dir', modelDir);
  assert.equal(r.code, 4, r.err);
  assert.equal(r.err, `fer: a still image, not a video: ${ASTRONAUT}\n  hint: use \`fer image\` for images\n`);
});
