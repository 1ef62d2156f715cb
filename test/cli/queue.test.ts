import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getQueueStatus } from '../../src/queue/index.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { type FerProcess, spawnFer } from '../helpers/spawn-fer.js';
import { waitFor } from '../helpers/wait-for.js';
import { faceClip } from '../helpers/videos.js';

const redis = await startRedis();
after(() => redis?.stop());

/** A `fer worker` process (its stderr is its log). */
function startWorker(): FerProcess {
  return spawnFer(['worker', '--redis', redis!.url, '--lock-duration', '10000'], { cache: true });
}

test(
  'two worker processes share 6 jobs; one SIGKILLed mid-job has its job redone once; SIGTERM lets the other finish its job',
  { skip: REDIS_MISSING ?? false },
  async () => {
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
    const { id: killed } = await waitFor(
      async () => {
        const id = /^start (\S+)/m.exec(a.err())?.[1];
        return {
          id,
          progress: id ? (await getQueueStatus(target)).active.find((j) => j.id === id)?.progress : undefined,
        };
      },
      {
        what: 'worker A to be 2 frames into a job',
        until: (s) => (s.progress?.frames ?? 0) >= 2,
        timeoutMs: 60_000,
        intervalMs: 200,
      },
    );
    assert.ok(killed, 'the job worker A started');
    a.child.kill('SIGKILL');
    assert.equal((await a.exited).signal, 'SIGKILL');
    assert.ok(!a.err().includes(`done ${killed}`), 'A was killed mid-job');
    // B's last job is the one A left (redone once its lock expires); until B starts it, it is listed as active with A's progress.
    const {
      active: [{ id: last }],
    } = await waitFor(() => getQueueStatus(target), {
      what: 'B to be on the last job (5 completed, the active one started by B)',
      until: (s) => s.counts.completed === 5 && s.active.length > 0 && b.err().includes(`start ${s.active[0].id}`),
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    b.child.kill('SIGTERM');
    assert.equal((await b.exitWithin(120_000)).code, 0, b.err());
    assert.match(
      b.err(),
      new RegExp(`\nstopping: no new jobs.*\ndone ${last} .*\nworker stopped\n$`),
      'SIGTERM finishes the running job',
    );
    const status = await getQueueStatus(target);
    assert.deepEqual(status.counts, { waiting: 0, active: 0, delayed: 0, completed: 6, failed: 0 });
    assert.match(b.err(), new RegExp(`recovered ${killed}: its worker stopped answering`));
    const done = [...(a.err() + b.err()).matchAll(/^done (\S+)/gm)].map((m) => m[1]);
    assert.equal(done.length, 6, a.err() + b.err());
    assert.equal(new Set(done).size, 6, 'every job completed once');
    assert.ok(done.includes(killed));

    const files = readdirSync(out).sort();
    const stems = ['clip2', 'clip3', 'clip4', 'clip5', 'clip6', 'face-6s'];
    assert.deepEqual(
      files,
      stems.flatMap((s) => [`${s}_fer.csv`, `${s}_fer.jsonl`, `${s}_fer.mp4`]),
      'no temporary files left',
    );
    for (const stem of stems) {
      const rows = readFileSync(join(out, `${stem}_fer.csv`), 'utf8')
        .trim()
        .split('\n');
      assert.ok(rows[0].startsWith('Timestamp(sec),Face_Id,'));
      assert.ok(
        rows.every((r) => r.split(',').length === rows[0].split(',').length),
        stem,
      );
      const times = rows.slice(1).map((r) => Number(r.split(',')[0]));
      assert.equal(times.length, 60, `${stem}: each frame once`);
      times.forEach((t, i) => assert.ok(Math.abs(t - i / 10) < 1e-3, `${stem}: row ${i} at ${t} s`));
      const lines = readFileSync(join(out, `${stem}_fer.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        lines.map((l) => l.frame),
        Array.from({ length: 60 }, (_, i) => i),
      );
      const info = await probeVideo(join(out, `${stem}_fer.mp4`));
      assert.ok(info.duration! > 5.5 && info.duration! < 6.5, `${stem}.mp4 lasts ${info.duration} s`);
    }
  },
);
