import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { createRecognizer } from '../../src/index.js';
import { ASTRONAUT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(12);

/** Run `start`, recording each worker thread started meanwhile (Node's `worker_threads` diagnostics channel) and whether it has exited. */
async function withThreadsSeen<T>(start: () => Promise<T>): Promise<{ value: T; threads: { exited: boolean }[] }> {
  const threads: { exited: boolean }[] = [];
  const onWorker = (message: unknown): void => {
    const thread = { exited: false };
    threads.push(thread);
    (message as { worker: Worker }).worker.once('exit', () => (thread.exited = true));
  };
  subscribe('worker_threads', onWorker);
  try {
    return { value: await start(), threads };
  } finally {
    unsubscribe('worker_threads', onWorker);
  }
}

test('dispose() resolves only once the detector thread has released its session and ended', async () => {
  const { value: fer, threads } = await withThreadsSeen(() => createRecognizer({ modelDir }));
  assert.ok(
    threads.length >= 1,
    'the recognizer started its detector thread (seen through the worker_threads diagnostics channel)',
  );
  assert.equal((await fer.recognize(ASTRONAUT)).faces.length, 1);
  assert.deepEqual(
    threads.map((t) => t.exited),
    threads.map(() => false),
    'its threads run until dispose()',
  );
  await fer.dispose();
  assert.deepEqual(
    threads.map((t) => t.exited),
    threads.map(() => true),
    'every thread the recognizer started had ended when dispose() resolved',
  );
});

test('a script that disposes and exits at once exits cleanly, 20 times in a row', { timeout: 600_000 }, () => {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'helpers', 'exit-script.js');
  for (let run = 1; run <= 20; run++) {
    const r = spawnSync(process.execPath, [script, modelDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, `run ${run}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    assert.equal(r.stdout, 'faces 1\n', `run ${run}`);
    assert.equal(r.stderr, '', `run ${run}`);
  }
});
