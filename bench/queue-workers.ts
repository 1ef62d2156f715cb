/**
 * `node dist/bench/queue-workers.js`: wall time of N copies of a short video through `fer queue add` and
 * 1, then 2 local `fer worker` processes (from the workers' start, model loading included, to the last
 * job done), in alternating rounds. Env: N (default 6), FPS (5), ROUNDS (2), VIDEO (../shared/media/test.mp4,
 * else a generated 5 s clip). Needs redis-server.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueStatus } from '../src/queue/index.js';
import { ROOT, SHARED, tempDir } from '../test/helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../test/helpers/redis-server.js';
import { faceClip } from '../test/helpers/videos.js';

const N = Number(process.env.N ?? 6);
const FPS = process.env.FPS ?? '5';
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const FER = join(ROOT, 'bin', 'fer.js');

/** Start a `fer` subcommand as a child process. */
function fer(args: string[]): ChildProcess {
  return spawn(process.execPath, [FER, ...args], { stdio: 'ignore' });
}

/** Queue the folder on a fresh queue, run `workers` processes until every job is done; returns seconds. */
async function measure(url: string, input: string, queue: string, workers: number): Promise<number> {
  execFileSync(process.execPath, [
    FER,
    'queue',
    'add',
    input,
    '-o',
    tempDir('fer-bench-out-'),
    '-f',
    FPS,
    '--redis',
    url,
    '--queue',
    queue,
  ]);
  const start = Date.now();
  const procs = Array.from({ length: workers }, () => fer(['worker', '--redis', url, '--queue', queue]));
  for (;;) {
    const { counts } = await getQueueStatus({ connection: url, queue });
    if (counts.failed) throw new Error(`${counts.failed} job(s) failed`);
    if (counts.completed === N) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - start) / 1000;
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r).kill('SIGTERM'))));
  return seconds;
}

if (REDIS_MISSING) {
  console.log(`skipped: ${REDIS_MISSING}`);
} else {
  const redis = (await startRedis())!;
  const input = tempDir('fer-bench-in-');
  const shared = join(SHARED, 'media', 'test.mp4');
  const video = process.env.VIDEO ?? (existsSync(shared) ? shared : faceClip(5, 25));
  for (let i = 0; i < N; i++) copyFileSync(video, join(input, `v${i}.mp4`));
  console.log(`${N} copies of ${video}, -f ${FPS}`);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const workers of [1, 2]) {
        const s = await measure(redis.url, input, `bench-${round}-${workers}`, workers);
        console.log(`round ${round}: ${workers} worker process(es) ${s.toFixed(1)} s`);
      }
    }
  } finally {
    await redis.stop();
  }
}
