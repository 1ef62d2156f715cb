import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createWorker, enqueue, getQueueStatus, type WorkerEvent } from '../../src/queue/index.js';
import { tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { truncatedFastStartClip } from '../helpers/videos.js';

const redis = await startRedis();
const skip = REDIS_MISSING ?? false;
after(() => redis?.stop());

/** Run a worker on `queue` until its first job has finished for good; returns that job's events. */
async function runOneJob(queue: string): Promise<WorkerEvent[]> {
  const events: WorkerEvent[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const worker = await createWorker({
    connection: redis!.url,
    queue,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'done' || (e.type === 'failed' && !e.retry)) finish();
    },
  });
  await finished;
  await worker.stop();
  return events;
}

test(
  'a truncated video: fer video -o and a queued job write the same files and report the same INPUT_ENDED_EARLY error, not retried',
  { skip, timeout: 240_000 },
  async () => {
    const cut = truncatedFastStartClip(4);
    const cliOut = tempDir(),
      jobOut = tempDir();
    const cli = await fer('video', '-i', cut, '-o', cliOut, '--detector', 'none');
    assert.equal(cli.code, 8, cli.err);
    const [, message, hint] =
      /^fer: (.+)\n {2}hint: (.+)\n$/m.exec(cli.err) ?? assert.fail(`no error and hint from fer video: ${cli.err}`);
    assert.match(message, /ended early: analysed up to t = \d+\.\d\d s of 4\.00 s$/);

    const target = { connection: redis!.url, queue: 'early' };
    await enqueue([cut], { output: jobOut, fer: { detector: 'none' } }, { ...target, attempts: 3, backoffMs: 100 });
    const events = await runOneJob('early');
    const failed = events.filter((e) => e.type === 'failed');
    assert.deepEqual(
      failed.map((e) => e.type === 'failed' && [e.reason, e.hint, e.retry]),
      [[`INPUT_ENDED_EARLY: ${message}`, hint, false]],
      JSON.stringify(events),
    );
    const status = await getQueueStatus(target);
    assert.deepEqual(
      status.failed.map((j) => [j.code, j.reason, j.hint, j.attempts]),
      [['INPUT_ENDED_EARLY', `INPUT_ENDED_EARLY: ${message}`, hint, 1]],
    );
    const text = await fer('queue', 'status', '--redis', redis!.url, '--queue', 'early');
    assert.ok(text.out.includes(`: INPUT_ENDED_EARLY: ${message} (1 attempt)\n    hint: ${hint}\n`), text.out);

    assert.deepEqual(
      readdirSync(jobOut).sort(),
      readdirSync(cliOut).sort(),
      'the same files, and no temporary file or lock',
    );
    assert.deepEqual(readdirSync(jobOut).sort(), ['cut_fer.csv', 'cut_fer.jsonl', 'cut_fer.mp4']);
    for (const name of ['cut_fer.csv', 'cut_fer.jsonl'])
      assert.equal(readFileSync(join(jobOut, name), 'utf8'), readFileSync(join(cliOut, name), 'utf8'), name);
  },
);
