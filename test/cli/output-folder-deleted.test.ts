import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { faceClip } from '../helpers/videos.js';

const modelDir = writeRandomModel(16);

test(
  'deleting the -o folder during fer video stops the run at the next frame with a message naming the folder, exit 7',
  { timeout: 300_000 },
  async () => {
    const clip = faceClip(30, 10);
    const out = join(tempDir(), 'results');
    const run = spawnFer([
      'video',
      '-i',
      clip,
      '-f',
      '5',
      '--json',
      '-o',
      out,
      '--detector',
      'none',
      '--model-dir',
      modelDir,
    ]);
    await new Promise<void>((resolve) => {
      const onData = (): void => {
        if (!run.out().includes('\n')) return;
        run.child.stdout!.off('data', onData);
        resolve();
      };
      run.child.stdout!.on('data', onData);
      run.child.once('exit', () => resolve());
    });
    rmSync(out, { recursive: true, force: true });
    const r = await run.exited;
    assert.equal(r.code, 7, r.err);
    assert.match(
      r.err,
      new RegExp(
        `^fer: the output folder ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was deleted or replaced during the run \\(after \\d+ frame\\(s\\)\\)`,
      ),
    );
    assert.match(r.err, /hint: keep the -o folder until fer has finished/);
    const frames = r.out.split('\n').filter((l) => l.includes('"time"')).length;
    assert.ok(
      frames < 150,
      `the run stopped when the folder went, not at the end of the clip (${frames} of 150 frames)`,
    );
  },
);
