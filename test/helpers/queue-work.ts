import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { createWorker, type FerWorker, type WorkerEvent } from '../../src/queue/index.js';
import { ASTRONAUT, tempDir } from './fixtures.js';
import { REDIS_MISSING, type TestRedis, startRedis } from './redis-server.js';
import { faceClip } from './videos.js';

/**
 * A folder with two short clips (copies of `clip`), an image and (optionally) a corrupt video.
 * @example
 * const dir = queueInputs(faceClip(2, 10), true);
 */
export function queueInputs(clip: string, corrupt = false): string {
  const dir = tempDir('fer-q-in-');
  copyFileSync(clip, join(dir, 'face-2s.mp4'));
  copyFileSync(clip, join(dir, 'second.mp4'));
  copyFileSync(ASTRONAUT, join(dir, 'astronaut.png'));
  if (corrupt) writeFileSync(join(dir, 'broken.mp4'), 'this is not a video\n');
  return dir;
}

/**
 * Run a worker in this process on the Redis at `url` until `n` jobs have finished; returns its events.
 * @example
 * const { events, worker } = await runWorkerUntil(redis.url, 'q', 3); await worker.stop();
 */
export async function runWorkerUntil(
  url: string,
  queue: string,
  n: number,
  extra: Partial<Parameters<typeof createWorker>[0]> = {},
): Promise<{ events: WorkerEvent[]; worker: FerWorker }> {
  const events: WorkerEvent[] = [];
  let finished = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const worker = await createWorker({
    connection: url,
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

/**
 * A Redis of the test file's own (stopped after its tests), a 2 s face clip, and the two helpers above bound to
 * them; `skip` is the reason when redis-server is missing.
 * @example
 * const { redis, skip, inputs, work } = await startQueueFixture();
 */
export async function startQueueFixture() {
  const redis = await startRedis();
  const skip = REDIS_MISSING ?? false;
  after(() => redis?.stop());
  const clip = skip ? '' : faceClip(2, 10);
  return {
    redis: redis as TestRedis | null,
    skip,
    inputs: (corrupt = false): string => queueInputs(clip, corrupt),
    work: (queue: string, n: number, extra?: Partial<Parameters<typeof createWorker>[0]>) =>
      runWorkerUntil(redis!.url, queue, n, extra),
  };
}
