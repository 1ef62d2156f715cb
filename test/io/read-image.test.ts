import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FerError, readImage } from '../../src/index.js';
import { ASTRONAUT, badInputs } from '../helpers/fixtures.js';

test('decodes a PNG path and a Buffer to RGB', async () => {
  const a = await readImage(ASTRONAUT, 1e8);
  assert.deepEqual([a.width, a.height, a.channels, a.data.length], [512, 512, 3, 512 * 512 * 3]);
  const b = await readImage(readFileSync(ASTRONAUT), 1e8);
  assert.deepEqual(b.data.subarray(0, 30), a.data.subarray(0, 30));
});

test('raw RGBA input drops alpha; a size mismatch is rejected', async () => {
  const rgba = { width: 2, height: 1, channels: 4 as const, data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255]) };
  assert.deepEqual(Array.from((await readImage(rgba, 100)).data), [1, 2, 3, 4, 5, 6]);
  await assert.rejects(readImage({ ...rgba, width: 3 }, 100), (e: unknown) => e instanceof FerError && e.code === 'INPUT_CORRUPT');
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

test('images over the pixel limit are refused', async () => {
  await assert.rejects(readImage(ASTRONAUT, 1000), (e: unknown) => e instanceof FerError && e.code === 'INPUT_TOO_LARGE' && /1000 pixels/.test(e.message));
});
