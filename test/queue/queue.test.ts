import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FerError } from '../../src/errors.js';
import { probeVideo } from '../../src/io/probe-video.js';
import {
  createWorker,
  enqueue,
  type FerWorker,
  getQueueStatus,
  type JobSummary,
  type WorkerEvent,
} from '../../src/queue/index.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { type FerExit, spawnFer } from '../helpers/spawn-fer.js';
import { waitFor } from '../helpers/wait-for.js';
import { faceClip } from '../helpers/videos.js';

const redis = await startRedis();
const skip = REDIS_MISSING ?? false;
after(() => redis?.stop());
const clip = skip ? '' : faceClip(2, 10);

/** A folder with two short clips, an image and (optionally) a corrupt video. */
function inputs(corrupt = false): string {
  const dir = tempDir('fer-q-in-');
  copyFileSync(clip, join(dir, 'face-2s.mp4'));
  copyFileSync(clip, join(dir, 'second.mp4'));
  copyFileSync(ASTRONAUT, join(dir, 'astronaut.png'));
  if (corrupt) writeFileSync(join(dir, 'broken.mp4'), 'this is not a video\n');
  return dir;
}

/** Run a worker in this process until `n` jobs have finished; returns its events. */
async function work(
  queue: string,
  n: number,
  extra: Partial<Parameters<typeof createWorker>[0]> = {},
): Promise<{ events: WorkerEvent[]; worker: FerWorker }> {
  const events: WorkerEvent[] = [];
  let finished = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const worker = await createWorker({
    connection: redis!.url,
    queue,
    ...extra,
    onEvent: (e) => {
      events.push(e);
      if ((e.type === 'done' || (e.type === 'failed' && !e.retry)) && ++finished === n) done();
    },
  });
  await all;
  return { events, worker };
}

test(
  'queuing the same files twice adds each job once; a changed file, or other options into another folder, is new work',
  { skip },
  async () => {
    const dir = inputs();
    const out = tempDir();
    const target = { connection: redis!.url, queue: 'twice' };
    const first = await enqueue([dir], { output: out, fps: 2 }, target);
    assert.equal(first.added.length, 3);
    const again = await enqueue(
      [dir, join(dir, 'second.mp4')],
      { output: out, fps: 2, fer: { engine: 'onnx' } },
      target,
    );
    assert.deepEqual([again.added.length, again.queued.length], [0, 3]);
    assert.deepEqual(again.queued.sort(), first.added.sort());
    const cli = await fer('queue', 'add', dir, '-o', out, '-f', '2', '--redis', redis!.url, '--queue', 'twice');
    assert.equal(cli.code, 0, cli.err);
    assert.match(cli.out, /^added 0 jobs to queue twice; already there: 3 waiting or running, 0 done, 0 failed\n$/);
    utimesSync(join(dir, 'second.mp4'), new Date(), new Date(Date.now() + 5000));
    assert.equal((await enqueue([dir], { output: out, fps: 2 }, target)).added.length, 1, 'new mtime: new job');
    await assert.rejects(
      enqueue([dir], { output: out, fps: 1 }, target),
      /would write .* over the results of job fer-\w+/,
      'other options into the same folder: refused',
    );
    assert.equal(
      (await enqueue([dir], { output: join(out, 'fps1'), fps: 1 }, target)).added.length,
      3,
      'other options into another folder: new jobs',
    );
    const status = await getQueueStatus(target);
    assert.equal(status.counts.waiting, 7);
  },
);

test(
  'a worker writes what fer video -o / fer image -o write; a corrupt file fails once with its FerError; others complete',
  { skip },
  async () => {
    const dir = inputs(true);
    const out = tempDir();
    const target = { connection: redis!.url, queue: 'work' };
    await enqueue(
      [dir],
      { output: out, fps: 2, fer: { detector: 'none' } },
      { ...target, attempts: 3, backoffMs: 100 },
    );
    const { events, worker } = await work('work', 4);
    await worker.stop();
    await worker.closed;
    const failed = events.filter((e) => e.type === 'failed');
    assert.equal(failed.length, 1, JSON.stringify(failed));
    const bad = join(dir, 'broken.mp4');
    const thrown = await probeVideo(bad).then(
      () => assert.fail('broken.mp4 was probed as a video'),
      (e: FerError) => e,
    );
    assert.ok(thrown.hint && thrown.cause instanceof Error, 'the library gives a hint and a cause for a corrupt video');
    assert.deepEqual(failed[0], {
      type: 'failed',
      id: failed[0].id,
      input: bad,
      reason: `INPUT_CORRUPT: corrupt, truncated or not a video: ${bad}`,
      hint: thrown.hint,
      retry: false,
    });
    const status = await getQueueStatus(target);
    assert.deepEqual(status.counts, { waiting: 0, active: 0, delayed: 0, completed: 3, failed: 1 });
    const { cause, ...rest } = status.failed[0];
    assert.deepEqual(rest, {
      id: failed[0].id,
      input: bad,
      reason: failed[0].reason,
      attempts: 1,
      code: 'INPUT_CORRUPT',
      hint: thrown.hint,
    });
    assert.ok(cause?.endsWith((thrown.cause as Error).message), `the cause survives: ${cause}`);

    const video = await fer(
      'video',
      '-i',
      join(dir, 'face-2s.mp4'),
      '-f',
      '2',
      '-o',
      join(out, 'cli'),
      '--detector',
      'none',
    );
    assert.equal(video.code, 0, video.err);
    for (const name of ['face-2s_fer.csv', 'face-2s_fer.jsonl'])
      assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(out, 'cli', name), 'utf8'), name);
    const image = await fer('image', '-i', join(dir, 'astronaut.png'), '-o', join(out, 'cli'), '--detector', 'none');
    assert.equal(image.code, 0, image.err);
    for (const name of ['astronaut_fer.csv', 'astronaut_fer.json', 'astronaut_fer.png'])
      assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(out, 'cli', name))), name);
    assert.deepEqual(
      readdirSync(out)
        .filter((f) => f !== 'cli')
        .sort(),
      [
        'astronaut_fer.csv',
        'astronaut_fer.json',
        'astronaut_fer.png',
        'face-2s_fer.csv',
        'face-2s_fer.jsonl',
        'face-2s_fer.mp4',
        'second_fer.csv',
        'second_fer.jsonl',
        'second_fer.mp4',
      ],
    );

    const client = new Redis(redis!.url, { maxRetriesPerRequest: null });
    const queue = new Queue('work', { connection: client });
    const job = (await queue.getCompleted()).find((j) => j.data.input.endsWith('second.mp4'))!;
    const summary = job.returnvalue as JobSummary;
    assert.deepEqual([summary.kind, summary.frames, summary.faces, summary.outputs.length], ['video', 4, 4, 3]);
    assert.ok(Math.abs(Object.values(summary.emotionShare).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.deepEqual(job.progress, { frames: 4, total: 4 });
    await queue.close();
    await client.quit();

    const text = await fer('queue', 'status', '--redis', redis!.url, '--queue', 'work');
    assert.match(
      text.out,
      /^queue work: 0 waiting, 0 active, 0 delayed \(retrying\), 3 completed, 1 failed\n {2}failed fer-\w+ .*broken\.mp4: INPUT_CORRUPT: corrupt, truncated or not a video: .*broken\.mp4 \(1 attempt\)\n {4}hint: (.+)\n$/,
    );
    assert.equal(
      / {4}hint: (.+)\n$/.exec(text.out)?.[1],
      thrown.hint,
      'fer queue status shows the hint of the FerError',
    );
    const cleaned = await fer('queue', 'clean', '--redis', redis!.url, '--queue', 'work', '--failed');
    assert.equal(cleaned.out, 'removed 1 failed job(s) from queue work\n');
    assert.equal((await getQueueStatus(target)).counts.failed, 0);
  },
);

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

const noOpenssl =
  spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0
    ? false
    : 'openssl is not installed (it makes the test certificate)';

test(
  'rediss:// works over TLS (URL from FER_REDIS_URL too); an untrusted certificate or plain redis:// is refused',
  { skip: skip || noOpenssl },
  async () => {
    const tls = await startRedis({ tls: true, password: 'tls-pw' });
    try {
      const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<FerExit> =>
        spawnFer(args, { env: { NODE_EXTRA_CA_CERTS: tls!.ca, ...extra }, cache: true }).exitWithin(60_000);
      const added = await cli(['queue', 'add', ASTRONAUT, '-o', tempDir(), '--redis', tls!.url]);
      assert.equal(added.code, 0, added.err);
      assert.match(added.out, /^added 1 job to queue fer/);
      const status = await cli(['queue', 'status'], { FER_REDIS_URL: tls!.url });
      assert.equal(status.code, 0, status.err);
      assert.match(status.out, /^queue fer: 1 waiting, 0 active/);
      const untrusted = await fer('queue', 'status', '--redis', tls!.url);
      assert.equal(untrusted.code, 9);
      assert.match(
        untrusted.err,
        /^fer: cannot use Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*self[- ]signed certificate/,
      );
      const plain = await fer('queue', 'status', '--redis', tls!.url.replace('rediss:', 'redis:'));
      assert.equal(plain.code, 9, plain.err);
    } finally {
      await tls?.stop();
    }
  },
);
