import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getQueueStatus } from '../../src/queue/index.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { ROOT, tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { faceClip } from '../helpers/videos.js';

const redis = await startRedis();
after(() => redis?.stop());

/** A `fer worker` process with its stderr collected. */
function startWorker(): { proc: ChildProcess; log: () => string; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'fer.js'), 'worker', '--redis', redis!.url, '--lock-duration', '10000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => (log += d));
  return { proc, log: () => log, exit: new Promise((r) => proc.on('exit', (code) => r(code))) };
}

/** Poll `check` every 200 ms until it returns a value, for at most `seconds`. */
async function waitFor<T>(what: string, seconds: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('two worker processes share 6 jobs; one SIGKILLed mid-job has its job redone once; SIGTERM lets the other finish its job', { skip: REDIS_MISSING ?? false }, async () => {
  const dir = tempDir('fer-q-kill-');
  const clip = faceClip(6, 10, dir);
  for (let i = 2; i <= 6; i++) copyFileSync(clip, join(dir, `clip${i}.mp4`));
  const out = tempDir();
  // Every frame of the 10 fps clip (60 per job), so each job lasts long enough to be caught mid-way by a signal.
  const added = await fer('queue', 'add', dir, '-o', out, '--detector', 'none', '--redis', redis!.url);
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, /^added 6 jobs/);
  const target = { connection: redis!.url };
  const a = startWorker();
  const b = startWorker();
  const killed = await waitFor('worker A to be 2 frames into a job', 60, async () => {
    const id = /^start (\S+)/m.exec(a.log())?.[1];
    const job = id ? (await getQueueStatus(target)).active.find((j) => j.id === id) : undefined;
    return job?.progress && job.progress.frames >= 2 ? id : undefined;
  });
  a.proc.kill('SIGKILL');
  assert.equal(await a.exit, null);
  assert.ok(!a.log().includes(`done ${killed}`), 'A was killed mid-job');
  // B's last job is the one A left (redone once its lock expires); until B starts it, it is listed as active with A's progress.
  const last = await waitFor('B to be on the last job', 120, async () => {
    const s = await getQueueStatus(target);
    const job = s.active[0];
    return s.counts.completed === 5 && job && b.log().includes(`start ${job.id}`) ? job.id : undefined;
  });
  b.proc.kill('SIGTERM');
  assert.equal(await b.exit, 0, b.log());
  assert.match(b.log(), new RegExp(`\nstopping: no new jobs.*\ndone ${last} .*\nworker stopped\n$`), 'SIGTERM finishes the running job');
  const status = await getQueueStatus(target);
  assert.deepEqual(status.counts, { waiting: 0, active: 0, delayed: 0, completed: 6, failed: 0 });
  assert.match(b.log(), new RegExp(`recovered ${killed}: its worker stopped answering`));
  const done = [...(a.log() + b.log()).matchAll(/^done (\S+)/gm)].map((m) => m[1]);
  assert.equal(done.length, 6, a.log() + b.log());
  assert.equal(new Set(done).size, 6, 'every job completed once');
  assert.ok(done.includes(killed));

  const files = readdirSync(out).sort();
  const stems = ['clip2', 'clip3', 'clip4', 'clip5', 'clip6', 'face-6s'];
  assert.deepEqual(files, stems.flatMap((s) => [`${s}_fer.csv`, `${s}_fer.jsonl`, `${s}_fer.mp4`]), 'no temporary files left');
  for (const stem of stems) {
    const rows = readFileSync(join(out, `${stem}_fer.csv`), 'utf8').trim().split('\n');
    assert.ok(rows[0].startsWith('Timestamp(sec),Face_Id,'));
    assert.ok(rows.every((r) => r.split(',').length === rows[0].split(',').length), stem);
    const times = rows.slice(1).map((r) => Number(r.split(',')[0]));
    assert.equal(times.length, 60, `${stem}: each frame once`);
    times.forEach((t, i) => assert.ok(Math.abs(t - i / 10) < 1e-3, `${stem}: row ${i} at ${t} s`));
    const lines = readFileSync(join(out, `${stem}_fer.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.frame), Array.from({ length: 60 }, (_, i) => i));
    const info = await probeVideo(join(out, `${stem}_fer.mp4`));
    assert.ok(info.duration! > 5.5 && info.duration! < 6.5, `${stem}.mp4 lasts ${info.duration} s`);
  }
});
