import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { lockOutputs } from '../../src/output/output-lock.js';
import { lockName } from '../../src/output/output-names.js';
import { tempDir } from '../helpers/fixtures.js';

/** A folder holding a lock file for stem `clip` with this text, last touched `ageMs` ago. */
function folderWithLock(text: string, ageMs: number): string {
  const dir = tempDir();
  const path = join(dir, lockName('clip'));
  writeFileSync(path, text);
  const when = new Date(Date.now() - ageMs);
  utimesSync(path, when, when);
  return dir;
}

test('an empty or unreadable lock file left for seconds is taken over, not reported as "pid 0 on ?"', async () => {
  for (const [what, text] of [
    ['empty', ''],
    ['not JSON', '{"host":"a'],
    ['no pid', JSON.stringify({ host: 'elsewhere' })],
    ['pid 0', JSON.stringify({ host: 'elsewhere', pid: 0 })],
  ]) {
    const dir = folderWithLock(text, 10_000);
    const lock = await lockOutputs(dir, 'clip').catch((e: unknown) => assert.fail(`${what}: ${(e as Error).message}`));
    assert.deepEqual(
      JSON.parse(readFileSync(join(dir, lockName('clip')), 'utf8')),
      { host: hostname(), pid: process.pid },
      `${what}: now held by this process`,
    );
    await lock.release();
    assert.deepEqual(readdirSync(dir), [], `${what}: released`);
  }
});

test('an empty lock file made just now is a run that is still writing it: refused without a made-up pid', async () => {
  const dir = folderWithLock('', 0);
  await assert.rejects(
    lockOutputs(dir, 'clip'),
    (e: unknown) =>
      e instanceof FerError &&
      e.code === 'OUTPUT_LOCKED' &&
      e.message.startsWith('another fer (another run) is writing the results for "clip"'),
  );
  assert.deepEqual(readdirSync(dir), [lockName('clip')], "the other run's lock is left alone");
});

test('a lock is created with its holder already in it and leaves no file aside', async () => {
  const dir = tempDir();
  const lock = await lockOutputs(dir, 'clip');
  assert.deepEqual(readdirSync(dir), [lockName('clip')]);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, lockName('clip')), 'utf8')), {
    host: hostname(),
    pid: process.pid,
  });
  await assert.rejects(
    lockOutputs(dir, 'clip'),
    (e: unknown) =>
      e instanceof FerError && e.code === 'OUTPUT_LOCKED' && e.message.includes(`pid ${process.pid} on ${hostname()}`),
  );
  await lock.release();
  assert.deepEqual(readdirSync(dir), []);
});
