import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FerError } from '../../src/errors.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { enqueue, getQueueStatus, type JobSummary } from '../../src/queue/index.js';
import { tempDir } from '../helpers/fixtures.js';
import { startQueueFixture } from '../helpers/queue-work.js';
import { fer } from '../helpers/run-cli.js';

const { redis, skip, inputs, work } = await startQueueFixture();

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
