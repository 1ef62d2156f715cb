import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIBRARY_PATHS, runLibraryPath } from '../helpers/exit-paths.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(13);
/** Runs of each path here; `npm run stress:exit` runs each 50 times. */
const RUNS = 3;

for (const { name, code, stderr } of LIBRARY_PATHS) {
  test(
    `a library script ending by "${name}" with its recognizer busy exits ${code} as Node does, never a native abort (${RUNS} runs)`,
    { timeout: 300_000 },
    () => {
      for (let run = 1; run <= RUNS; run++) {
        const r = runLibraryPath(name, modelDir);
        assert.doesNotMatch(r.err, /terminate called|Napi::Error/, `run ${run}`);
        assert.equal(r.code, code, `run ${run}: exit ${r.code} ${r.signal ?? ''}\n${r.err}`);
        assert.match(r.err, stderr, `run ${run}`);
      }
    },
  );
}
