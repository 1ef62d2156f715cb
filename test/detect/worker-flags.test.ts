import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startWorkerThread } from '../../src/detect/start-worker-thread.js';
import { ASTRONAUT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { spawnFer } from '../helpers/spawn-fer.js';

/** Start a worker thread as if this process had been started with `flags`; resolves with the worker's execArgv. */
async function workerFlagsUnder(flags: string[]): Promise<string[]> {
  const saved = process.execArgv.splice(0, process.execArgv.length, ...flags);
  try {
    const worker = startWorkerThread("require('node:worker_threads').parentPort.postMessage(process.execArgv)", {
      eval: true,
    });
    return await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  } finally {
    process.execArgv.splice(0, process.execArgv.length, ...saved);
  }
}

const cases: [string[], string[]][] = [
  [['--max-old-space-size=4096'], []],
  [['--expose-gc', '--trace-warnings'], ['--trace-warnings']],
  [['--title=x'], []],
  [['--abort-on-uncaught-exception', '--enable-source-maps'], ['--enable-source-maps']],
  [['--input-type=module', '--max-semi-space-size=64', '--no-warnings'], ['--no-warnings']],
  [['--trace-warnings'], ['--trace-warnings']],
];

for (const [flags, kept] of cases) {
  test(`a worker thread starts under node ${flags.join(' ')} with the flags it accepts`, async () => {
    assert.deepEqual(await workerFlagsUnder(flags), kept);
  });
}

test(
  'fer image runs under node --max-old-space-size=4096 --expose-gc --title=x --abort-on-uncaught-exception',
  { timeout: 120_000 },
  async () => {
    const nodeArgs = ['--max-old-space-size=4096', '--expose-gc', '--title=x', '--abort-on-uncaught-exception'];
    const r = await spawnFer(['image', '-i', ASTRONAUT, '--json', '--model-dir', writeRandomModel(11)], {
      nodeArgs,
      cache: true,
    }).exitWithin(100_000);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).faces.length, 1);
  },
);
