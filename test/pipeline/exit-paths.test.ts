import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(13);
const script = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'helpers', 'exit-path-script.js');
/** Runs of each path here; `npm run stress:exit` runs each 50 times. */
const RUNS = 3;

/** Each way a library script can end with a recognizer open, and the exit code Node gives it. */
const PATHS: [string, number, RegExp][] = [
  ['uncaught-error', 1, /no-such-file\.png/],
  ['unhandled-rejection', 1, /nobody catches this/],
  ['throw', 1, /a plain throw while a recognizer is open/],
  ['exit', 0, /^$/],
  ['no-dispose', 0, /^$/],
];

for (const [path, code, stderr] of PATHS) {
  test(`a library script ending by "${path}" with its recognizer busy exits ${code} as Node does, never a native abort (${RUNS} runs)`, { timeout: 300_000 }, () => {
    for (let run = 1; run <= RUNS; run++) {
      const r = spawnSync(process.execPath, [script, path, modelDir], { encoding: 'utf8' });
      assert.doesNotMatch(r.stderr, /terminate called|Napi::Error/, `run ${run}`);
      assert.equal(r.status, code, `run ${run}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
      assert.match(r.stderr, stderr, `run ${run}`);
    }
  });
}
