import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { blackPng, ROOT, tempDir } from '../helpers/fixtures.js';
import { spawnFer } from '../helpers/spawn-fer.js';

const IMAGES = 400;

test(
  'fer image --json of a folder reaches a slow reader through a pipe whole (> 1 MB), not cut at 64 KiB',
  { timeout: 300_000 },
  async () => {
    const dir = tempDir();
    const png = blackPng(48, 48);
    for (let i = 0; i < IMAGES; i++) symlinkSync(png, join(dir, `img${String(i).padStart(3, '0')}.png`));
    writeFileSync(join(dir, 'zz-broken.png'), 'not a png'); // its "skipped" line on stderr comes after the JSON is written
    const run = spawnFer(['image', '-i', dir, '--json', '--detector', 'none', '--branches']);
    run.child.stdout!.pause(); // the reader takes nothing until fer has handed over the whole document
    await new Promise<void>((resolve) => {
      let err = '';
      const onErr = (d: Buffer): void => {
        err += d;
        if (!/images could not be read\n/.test(err)) return;
        run.child.stderr!.off('data', onErr);
        resolve();
      };
      run.child.stderr!.on('data', onErr);
      run.child.once('exit', () => resolve());
    });
    run.child.stdout!.resume();
    const r = await run.exited;
    assert.equal(r.code, 8, r.err);
    assert.ok(r.out.length > 1_000_000, `${r.out.length} bytes on stdout`);
    const doc = JSON.parse(r.out) as { images: unknown[]; failed: unknown[] };
    assert.equal(doc.images.length, IMAGES);
    assert.equal(doc.failed.length, 1);
  },
);

test(
  'a reader that stops early (fer video --json | head -1) stops fer with exit 141, a one-line note and no stack trace',
  { timeout: 300_000 },
  async () => {
    const run = spawnFer(['video', '-i', join(ROOT, 'media', 'astronaut-zoom.mp4'), '--json', '--detect-every', '1']);
    const [line] = await run.waitForOutput(/^\{[^\n]*\n/, { stream: 'out' });
    assert.match(line, /^\{"frame":0,/);
    run.child.stdout!.destroy(); // the reader has gone, as when `head -1` exits
    const r = await run.exitWithin(120_000);
    assert.equal(r.code, 141, r.err);
    assert.match(r.err, /^stopping: the program reading fer's output has ended \(SIGPIPE\)/m);
    assert.doesNotMatch(r.err, /EPIPE|node:events|Napi|^\s+at /m);
  },
);
