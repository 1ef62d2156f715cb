import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FerError, PIXEL_CEILING, readImage } from '../../src/index.js';
import { sniffFfmpegImage } from '../../src/io/ffmpeg-image.js';
import { ASTRONAUT, badInputs, blackPng } from '../helpers/fixtures.js';
import { convertImage } from '../helpers/videos.js';

test('decodes a PNG path and a Buffer to RGB', async () => {
  const a = await readImage(ASTRONAUT, 1e8);
  assert.deepEqual([a.width, a.height, a.channels, a.data.length], [512, 512, 3, 512 * 512 * 3]);
  const b = await readImage(readFileSync(ASTRONAUT), 1e8);
  assert.deepEqual(b.data.subarray(0, 30), a.data.subarray(0, 30));
});

test('raw RGBA input drops alpha; a size mismatch is rejected', async () => {
  const rgba = { width: 2, height: 1, channels: 4 as const, data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255]) };
  assert.deepEqual(Array.from((await readImage(rgba, 100)).data), [1, 2, 3, 4, 5, 6]);
  await assert.rejects(
    readImage({ ...rgba, width: 3 }, 100),
    (e: unknown) => e instanceof FerError && e.code === 'INPUT_CORRUPT',
  );
});

test('each bad input gets its own error code and a message naming it', async () => {
  for (const [name, [path, code]] of Object.entries(badInputs())) {
    await assert.rejects(readImage(path, 1e8), (e: unknown) => {
      assert.ok(e instanceof FerError, `${name}: not a FerError: ${e}`);
      assert.equal(e.code, code, `${name}: ${e.message}`);
      assert.ok(e.message.includes(path), `${name}: message does not name the input: ${e.message}`);
      assert.ok(!e.message.includes('\n'), `${name}: message is not one line`);
      assert.ok(e.hint.length > 0);
      return true;
    });
  }
});

test('images over the pixel limit are refused, naming their size', async () => {
  await assert.rejects(
    readImage(ASTRONAUT, 1000),
    (e: unknown) =>
      e instanceof FerError &&
      e.code === 'INPUT_TOO_LARGE' &&
      /512x512 \(262144 pixels\), over the limit of 1000 pixels/.test(e.message),
  );
});

test('a limit above what the process can hold is capped: a huge image is refused from its header, before decoding', async () => {
  const huge = blackPng(20000, 20000);
  await assert.rejects(
    readImage(huge, 1e12),
    (e: unknown) =>
      e instanceof FerError &&
      e.code === 'INPUT_TOO_LARGE' &&
      e.message.includes(`at most ${PIXEL_CEILING} pixels`) &&
      /pixel limit/i.test(String((e.cause as Error)?.message)),
  );
  const raw = { width: 20000, height: 20000, channels: 3 as const, data: new Uint8Array(0) };
  Object.defineProperty(raw.data, 'length', { value: 20000 * 20000 * 3 });
  await assert.rejects(readImage(raw, 1e12), (e: unknown) => e instanceof FerError && e.code === 'INPUT_TOO_LARGE');
});

test('BMP is read through ffmpeg, pixel for pixel the same as the PNG it came from', async () => {
  const bmp = convertImage(ASTRONAUT, 'astronaut.bmp');
  assert.deepEqual(sniffFfmpegImage(readFileSync(bmp)), { demuxer: 'bmp_pipe', width: 512, height: 512 });
  const fromBmp = await readImage(bmp, 1e8);
  const fromPng = await readImage(ASTRONAUT, 1e8);
  assert.deepEqual([fromBmp.width, fromBmp.height], [512, 512]);
  assert.ok(Buffer.from(fromBmp.data).equals(Buffer.from(fromPng.data)), 'identical pixels');
  assert.ok(
    Buffer.from((await readImage(readFileSync(bmp), 1e8)).data).equals(Buffer.from(fromPng.data)),
    'a BMP Buffer too',
  );
  await assert.rejects(
    readImage(bmp, 1000),
    (e: unknown) => e instanceof FerError && e.code === 'INPUT_TOO_LARGE' && /512x512/.test(e.message),
  );
});

test("a damaged BMP is INPUT_CORRUPT with ffmpeg's reason kept as the cause", async () => {
  const bmp = readFileSync(convertImage(ASTRONAUT, 'astronaut.bmp'));
  await assert.rejects(
    readImage(bmp.subarray(0, 100), 1e8),
    (e: unknown) => e instanceof FerError && e.code === 'INPUT_CORRUPT' && e.cause instanceof Error,
  );
});

test('sharp failures keep the original error as the cause', async () => {
  const bad = badInputs();
  for (const name of ['text', 'truncated'] as const) {
    await assert.rejects(
      readImage(bad[name][0], 1e8),
      (e: unknown) => e instanceof FerError && e.cause instanceof Error,
    );
  }
});

test('without a pixel limit the default applies; a limit that is not a positive integer is INVALID_OPTION', async () => {
  const img = await readImage(ASTRONAUT);
  assert.equal(img.width * img.height, 512 * 512);
  for (const bad of [0, -5, 1.5, Number.NaN]) {
    await assert.rejects(
      readImage(ASTRONAUT, bad),
      (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && /maxPixels/.test(e.message),
    );
  }
});
