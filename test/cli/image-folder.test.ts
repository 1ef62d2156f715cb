import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { fer } from '../helpers/run-cli.js';

test('two images with one stem (a.jpg, a.png) are refused before any work instead of overwriting a_fer.png', async () => {
  const dir = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'a.png'));
  copyFileSync(ASTRONAUT, join(dir, 'a.jpg'));
  const out = tempDir();
  const r = await fer('image', '-i', dir, '-o', out);
  assert.equal(r.code, 2, r.err);
  assert.match(
    r.err,
    /^fer: .*\/a\.jpg and .*\/a\.png would both write .*\/a_fer\.\*\n {2}hint: rename one of them, or analyse them into different -o folders\n$/,
  );
  assert.deepEqual(readdirSync(out), []);
});

test('fer image -i D -o D run twice does not analyse its own results', async () => {
  const dir = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'astronaut.png'));
  for (const round of [1, 2]) {
    const r = await fer('image', '-i', dir, '-o', dir, '--detector', 'none', '--json');
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(readFileSync(join(dir, 'fer.json'), 'utf8')) as { images: { input: string }[] };
    assert.deepEqual(
      doc.images.map((i) => i.input),
      [join(dir, 'astronaut.png')],
      `round ${round}`,
    );
    assert.equal(
      readFileSync(join(dir, 'fer.csv'), 'utf8').trimEnd().split('\n').length,
      2,
      `round ${round}: header and one row`,
    );
  }
  assert.deepEqual(readdirSync(dir).sort(), ['astronaut.png', 'astronaut_fer.png', 'fer.csv', 'fer.json']);
});

test('file names cannot inject CSV formulas or terminal escape sequences', async () => {
  const dir = tempDir();
  const names = ['=cmd|calc!A1.png', '@SUM(1+1).png', '\x1b]0;pwned\x07b.png'];
  for (const name of names) copyFileSync(ASTRONAUT, join(dir, name));
  const out = tempDir();
  const r = await fer('image', '-i', dir, '-o', out, '--detector', 'none');
  assert.equal(r.code, 0, r.err);
  const cells = readFileSync(join(out, 'fer.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);
  assert.deepEqual(cells.sort(), ["'=cmd|calc!A1.png", "'@SUM(1+1).png", '\x1b]0;pwned\x07b.png'].sort());
  assert.ok(!r.out.includes('\x1b') && !r.out.includes('\x07'), 'no raw control character on the terminal');
  assert.ok(r.out.includes('\\x1b]0;pwned\\x07b.png'), r.out);
});

test('a dangling link in fer image -i DIR is listed as unreadable and the run exits 8, as when given directly it is an error (24-12)', async () => {
  const dir = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'a.png'));
  symlinkSync(join(dir, 'missing-target.png'), join(dir, 'b.png'));
  const r = await fer('image', '-i', dir, '--detector', 'none');
  assert.equal(r.code, 8, r.err);
  assert.match(r.err, /skipped .*\/b\.png: input is a broken link/);
  assert.match(r.err, /1 of 2 images could not be read/);
  const direct = await fer('image', '-i', join(dir, 'b.png'));
  assert.equal(direct.code, 3, direct.err);
});
