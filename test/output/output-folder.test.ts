import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { openOutputFolder } from '../../src/output/output-folder.js';
import { lockName } from '../../src/output/output-names.js';
import { tempDir } from '../helpers/fixtures.js';
import { fer } from '../helpers/run-cli.js';
import { faceClip } from '../helpers/videos.js';

/** A live process of this machine that is not this one (the holder of a lock). */
function otherProcess(): { pid: number; stop(): void } {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill() };
}

test("a stem's results are locked while written: a live holder refuses a second run, an abandoned lock is taken over", async () => {
  const live = otherProcess();
  try {
    const old = new Date(Date.now() - 5 * 60_000);
    const rows: [string, { host: string; pid: number }, Date | null, boolean][] = [
      ['a live process here', { host: hostname(), pid: live.pid }, null, true],
      ['a process here that is gone', { host: hostname(), pid: 2 ** 22 + 17 }, null, false],
      ['another machine, touched now', { host: 'elsewhere', pid: 1 }, null, true],
      ['another machine, untouched for minutes', { host: 'elsewhere', pid: 1 }, old, false],
    ];
    for (const [what, holder, mtime, refused] of rows) {
      const dir = tempDir();
      writeFileSync(join(dir, lockName('clip')), JSON.stringify(holder));
      if (mtime) utimesSync(join(dir, lockName('clip')), mtime, mtime);
      const opened = openOutputFolder(dir, 'clip');
      if (refused) {
        await assert.rejects(
          opened,
          (e: unknown) =>
            e instanceof FerError &&
            e.code === 'OUTPUT_LOCKED' &&
            e.message.includes(`pid ${holder.pid} on ${holder.host}`),
          what,
        );
        continue;
      }
      const out = await opened;
      await assert.rejects(
        openOutputFolder(dir, 'clip'),
        /another fer .* is writing the results for "clip"/,
        `${what}: now held by this run`,
      );
      await out.commit();
      assert.deepEqual(readdirSync(dir), [], `${what}: released on commit`);
    }
  } finally {
    live.stop();
  }
});

test('fer video -o into a folder whose stem is being written by another run fails at once with exit 7', async () => {
  const live = otherProcess();
  try {
    const dir = tempDir();
    const clip = faceClip(1, 5, tempDir());
    writeFileSync(join(dir, lockName('face-1s')), JSON.stringify({ host: hostname(), pid: live.pid }));
    const r = await fer('video', '-i', clip, '-o', dir, '--detector', 'none');
    assert.equal(r.code, 7, r.err);
    assert.match(
      r.err,
      /^fer: another fer \(pid \d+ on .*\) is writing the results for "face-1s" in .*\n {2}hint: wait for it to finish, or choose another folder with -o/,
    );
    assert.deepEqual(readdirSync(dir), [lockName('face-1s')], 'nothing written beside the other run');
  } finally {
    live.stop();
  }
});

test('outputs appear only on commit, replace leftovers of a killed attempt, and vanish on discard', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.fer-tmp-999-0badc0de-a_fer.csv'), 'half a CSV from a killed worker');
  writeFileSync(join(dir, '.fer-tmp-998-0badc0de-x-a_fer.csv'), 'another job still running');
  const out = await openOutputFolder(dir, 'a');
  writeFileSync(out.path('a_fer.csv'), 'h\n1\n');
  writeFileSync(out.path('a_fer.jsonl'), '{}\n');
  assert.equal(existsSync(join(dir, 'a_fer.csv')), false, 'nothing final before commit');
  assert.deepEqual(await out.commit(), [join(dir, 'a_fer.csv'), join(dir, 'a_fer.jsonl')]);
  assert.equal(readFileSync(join(dir, 'a_fer.csv'), 'utf8'), 'h\n1\n');
  assert.deepEqual(readdirSync(dir).sort(), ['.fer-tmp-998-0badc0de-x-a_fer.csv', 'a_fer.csv', 'a_fer.jsonl']);
  const second = await openOutputFolder(dir, 'a');
  writeFileSync(second.path('a_fer.csv'), 'partial');
  await second.discard();
  assert.equal(
    readFileSync(join(dir, 'a_fer.csv'), 'utf8'),
    'h\n1\n',
    'a failed attempt leaves the last complete file',
  );
  assert.equal(readdirSync(dir).length, 3);
});
