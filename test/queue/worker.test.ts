import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createWorker, enqueue, getQueueStatus, type WorkerEvent } from '../../src/queue/index.js';
import { tempDir } from '../helpers/fixtures.js';
import { startQueueFixture } from '../helpers/queue-work.js';
import { startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { faceClip } from '../helpers/videos.js';

const { redis, skip, inputs, work } = await startQueueFixture();

test(
  'job data written to Redis by anything else is validated: a malformed job fails once, unrun',
  { skip },
  async () => {
    const client = new Redis(redis!.url, { maxRetriesPerRequest: null });
    const queue = new Queue('tampered', { connection: client });
    const base = {
      kind: 'video',
      input: join(inputs(), 'face-2s.mp4'),
      output: tempDir(),
      fps: 2,
      branches: false,
      gradCam: false,
      plot: true,
      size: null,
      options: {},
    };
    await queue.add('video', { ...base, input: 'face-2s.mp4' }, { jobId: 'relative', attempts: 3 });
    await queue.add('video', { ...base, exec: 'touch /tmp/pwned' }, { jobId: 'extra', attempts: 3 });
    await queue.add('video', { ...base, options: { engine: 'python' } }, { jobId: 'engine', attempts: 3 });
    const { events, worker } = await work('tampered', 3);
    await worker.stop();
    const reasons = Object.fromEntries(
      events.flatMap((e) => (e.type === 'failed' ? [[e.id, [e.reason, e.retry]]] : [])),
    );
    assert.deepEqual(reasons, {
      relative: ['INVALID_OPTION: invalid job data: input must be an absolute path, got "face-2s.mp4"', false],
      extra: ['INVALID_OPTION: invalid job data: unknown field "exec"', false],
      engine: ['INVALID_OPTION: invalid engine: "python" (expected onnx or tfjs)', false],
    });
    assert.equal(events.filter((e) => e.type === 'failed').length, 3, 'each failed once');
    assert.deepEqual(readdirSync(base.output), []);
    await queue.close();
    await client.quit();
  },
);

test('a stopping worker can put its running job back in the queue, leaving no files', { skip }, async () => {
  const dir = tempDir('fer-q-long-');
  const out = tempDir();
  const target = { connection: redis!.url, queue: 'release' };
  const [id] = (await enqueue([faceClip(6, 5, dir)], { output: out, fps: 5, fer: { detector: 'none' } }, target)).added;
  const events: WorkerEvent[] = [];
  const worker = await createWorker({ ...target, onEvent: (e) => events.push(e) });
  await waitFor(async () => (await getQueueStatus(target)).active[0]?.progress, {
    what: 'the job to be 2 frames in (its progress)',
    until: (p) => (p?.frames ?? 0) >= 2,
    intervalMs: 100,
  });
  await worker.stop(true);
  await worker.closed;
  assert.deepEqual(
    events.map((e) => e.type),
    ['start', 'released'],
  );
  const status = await getQueueStatus(target);
  assert.deepEqual([status.counts.waiting, status.counts.active, status.counts.failed], [1, 0, 0]);
  const client = new Redis(redis!.url, { maxRetriesPerRequest: null });
  const queue = new Queue('release', { connection: client });
  assert.equal((await queue.getJob(id))?.attemptsMade, 0, 'a released job has not used up an attempt');
  await queue.close();
  await client.quit();
  assert.deepEqual(readdirSync(out), [], 'no partial or temporary files');
});

test(
  'Redis URLs: a password works; a wrong one, no server or a bad URL is a one-line error that hides the password',
  { skip },
  async () => {
    const locked = await startRedis({ password: 's3cret-pw' });
    try {
      const dir = inputs();
      const ok = await fer('queue', 'add', join(dir, 'astronaut.png'), '-o', tempDir(), '--redis', locked!.url);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /^added 1 job to queue fer/);
      const wrong = await fer('queue', 'status', '--redis', locked!.url.replace('s3cret-pw', 'wrong-pw'));
      assert.equal(wrong.code, 9, wrong.err);
      assert.match(
        wrong.err,
        /^fer: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS.*\n {2}hint: .*\n$/,
      );
      assert.ok(!wrong.err.includes('wrong-pw'));
      const none = await fer(
        'worker',
        '--redis',
        `redis://127.0.0.1:${locked!.port}`.replace(String(locked!.port), '1'),
      );
      assert.equal(none.code, 9, none.err);
      assert.match(none.err, /^fer: cannot use Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
      const bad = await fer('queue', 'status', '--redis', 'http://user:pw@127.0.0.1:6379');
      assert.equal(bad.code, 2, bad.err);
      assert.match(
        bad.err,
        /^fer: invalid Redis URL: http:\/\/user:\*\*\*@127\.0\.0\.1:6379 \(expected redis:\/\/ or rediss:\/\/\)\n/,
      );
    } finally {
      await locked?.stop();
    }
  },
);
