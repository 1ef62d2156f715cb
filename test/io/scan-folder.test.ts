import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanFolder } from '../../src/io/input-file.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';

test('a recursive scan follows linked folders but does not re-enter a folder through a link to its ancestor', async () => {
  const dir = tempDir();
  const other = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'a.png'));
  mkdirSync(join(dir, 'sub'));
  copyFileSync(ASTRONAUT, join(dir, 'sub', 'b.png'));
  copyFileSync(ASTRONAUT, join(other, 'c.png'));
  symlinkSync(dir, join(dir, 'sub', 'up'));
  symlinkSync(other, join(dir, 'linked'));
  assert.deepEqual(await scanFolder(dir, { recursive: true }), [
    join(dir, 'a.png'),
    join(dir, 'linked', 'c.png'),
    join(dir, 'sub', 'b.png'),
  ]);
});

test('a dangling link with an image name is listed, so reading it fails visibly instead of vanishing', async () => {
  const dir = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'a.png'));
  symlinkSync(join(dir, 'gone.png'), join(dir, 'b.png'));
  symlinkSync(join(dir, 'gone.txt'), join(dir, 'c.txt'));
  assert.deepEqual(await scanFolder(dir), [join(dir, 'a.png'), join(dir, 'b.png')]);
});
