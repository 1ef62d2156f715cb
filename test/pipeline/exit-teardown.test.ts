import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRecognizer } from '../../src/index.js';
import { ASTRONAUT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(12);
const noProc = existsSync('/proc/self/status') ? false : 'thread counts are read from /proc (Linux)';

/** Threads of this process, from /proc. */
function threads(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

test('dispose() resolves only once the detector thread has released its session and ended', { skip: noProc }, async () => {
  const fer = await createRecognizer({ modelDir });
  assert.equal((await fer.recognize(ASTRONAUT)).faces.length, 1);
  await fer.dispose();
  const atDispose = threads();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(atDispose, threads(), 'no thread was still ending after dispose() resolved');
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
