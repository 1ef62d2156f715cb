import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeFrames } from '../../src/io/decode-frames.js';
import { parseRotation, probeVideo } from '../../src/io/probe-video.js';
import { faceClip, rotatedClip } from '../helpers/videos.js';

test('parseRotation reads the input display matrix (counter-clockwise) as clockwise degrees, else the rotate tag', () => {
  assert.equal(parseRotation('    Side data:\n      displaymatrix: rotation of -90.00 degrees\n'), 90);
  assert.equal(parseRotation('      displaymatrix: rotation of 90.00 degrees\n'), 270);
  assert.equal(parseRotation('      displaymatrix: rotation of 180.00 degrees\n'), 180);
  assert.equal(parseRotation('    Metadata:\n      rotate          : 90\n'), 90);
  assert.equal(
    parseRotation('Output #0, null:\n      displaymatrix: rotation of -90.00 degrees\n'),
    0,
    'only the input counts',
  );
  assert.equal(parseRotation('Stream #0:0: Video: h264, yuv420p, 320x240\n'), 0);
});

test('a rotated clip decodes to the upright picture a player shows', async () => {
  const plain = faceClip(1, 5);
  const rotated = rotatedClip(plain);
  const a = await probeVideo(plain);
  const b = await probeVideo(rotated);
  assert.deepEqual([b.width, b.height], [a.height, a.width]);
  const first = async (path: string, w: number, h: number): Promise<Uint8Array> => {
    for await (const f of decodeFrames(path, { fps: 0, width: w, height: h })) return f.image.data;
    throw new Error(`no frame in ${path}`);
  };
  const upright = await first(rotated, b.width, b.height);
  const turned = await sharp(Buffer.from(await first(plain, a.width, a.height)), {
    raw: { width: a.width, height: a.height, channels: 3 },
  })
    .rotate(b.rotation)
    .raw()
    .toBuffer();
  let diff = 0;
  for (let i = 0; i < turned.length; i++) diff += Math.abs(turned[i] - upright[i]);
  assert.ok(
    diff / turned.length < 1,
    `mean difference ${(diff / turned.length).toFixed(2)} from the plain clip turned ${b.rotation} degrees`,
  );
});
