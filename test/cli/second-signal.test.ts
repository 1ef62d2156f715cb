import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { interruptTwice } from '../helpers/exit-paths.js';
import { tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { faceClip } from '../helpers/videos.js';

const modelDir = writeRandomModel(14);
const clip = faceClip(30, 10);
/** Runs of each command here; `npm run stress:exit` runs each 50 times. */
const RUNS = 3;

for (const command of ['video', 'webcam'] as const) {
  test(
    `a second Ctrl+C stops fer ${command} -o at once with exit 130: no native abort, no temporary file or lock left, the rows kept (${RUNS} runs, issue 23)`,
    { timeout: 600_000 },
    async () => {
      for (let run = 1; run <= RUNS; run++) {
        const out = tempDir();
        const input = command === 'video' ? ['-i', clip] : ['--input', clip];
        const r = await interruptTwice(
          [command, ...input, '-f', '5', '--json', '-o', out, '--model-dir', modelDir],
          out,
        ); // the SSD detector's thread is what a native abort came from
        assert.doesNotMatch(r.err, /terminate called|Napi::Error/, `run ${run}`);
        assert.equal(r.code, 130, `run ${run}: exit ${r.code} ${r.signal ?? ''}\n${r.err}`);
        assert.match(
          r.err,
          /stopping at once \(SIGINT again\)[^]*interrupted by SIGINT: results so far are saved\n$/,
          `run ${run}`,
        );
        assert.deepEqual(r.hidden, [], `run ${run}: nothing hidden left in the output folder`);
        const rows = readFileSync(join(out, `face-30s_fer.csv`), 'utf8').trim().split('\n').length - 1;
        const lines = readFileSync(join(out, `face-30s_fer.jsonl`), 'utf8').trim().split('\n').length;
        assert.ok(rows >= 1, `run ${run}: ${rows} rows`);
        assert.equal(lines, rows, `run ${run}: the JSON lines match the CSV rows`);
      }
    },
  );
}
