import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { createRecognizer, FerError } from '../../src/index.js';
import { createWorker } from '../../src/queue/index.js';
import { QUEUE_LIMITS } from '../../src/queue-options.js';
import { createJobData } from '../../src/queue/job-data.js';
import { runJob } from '../../src/queue/run-job.js';
import { killEncoderOf, NO_PROC } from '../helpers/encoder.js';
import { tempDir } from '../helpers/fixtures.js';
import { fer } from '../helpers/run-cli.js';
import { faceClip } from '../helpers/videos.js';

test(
  'a job whose encoder dies fails with OUTPUT_UNWRITABLE (so the worker moves on) and leaves no files',
  { skip: NO_PROC, timeout: 240_000 },
  async () => {
    const recognizer = await createRecognizer({ detector: 'none' });
    try {
      const out = tempDir();
      const data = createJobData({ kind: 'video', input: faceClip(8, 10, tempDir()), output: out }, {});
      const [, error] = await Promise.all([
        killEncoderOf(process.pid),
        runJob(recognizer, data).then(
          () => null,
          (e: unknown) => e,
        ),
      ]);
      assert.ok(error instanceof FerError && error.code === 'OUTPUT_UNWRITABLE', String(error));
      assert.deepEqual(readdirSync(out), [], 'no result, temporary file or lock left');
    } finally {
      await recognizer.dispose();
    }
  },
);

test('a lock shorter than a frame can take is refused, by the library and by fer worker', async () => {
  for (const lockDuration of [1000, 9999]) {
    await assert.rejects(
      createWorker({ connection: 'redis://127.0.0.1:1', lockDuration }),
      (e: unknown) =>
        e instanceof FerError &&
        e.code === 'INVALID_OPTION' &&
        e.message ===
          `invalid lockDuration: ${lockDuration} (expected an integer from ${QUEUE_LIMITS.lockDuration.min} to ${QUEUE_LIMITS.lockDuration.max})`,
    );
  }
  const r = await fer('worker', '--lock-duration', '1000', '--redis', 'redis://127.0.0.1:1');
  assert.equal(r.code, 2, r.err);
  assert.ok(
    r.err.startsWith('fer: ') &&
      r.err.includes(
        `--lock-duration expects an integer from ${QUEUE_LIMITS.lockDuration.min} to ${QUEUE_LIMITS.lockDuration.max}, got "1000"\n  hint: run \`fer worker --help\` for usage\n`,
      ),
    r.err,
  );
});

test(
  'a cancelled job fails with a JOB_CANCELLED FerError that keeps the reason, and leaves no files',
  { timeout: 120_000 },
  async () => {
    const recognizer = await createRecognizer({ detector: 'none' });
    try {
      const out = tempDir();
      const input = faceClip(2, 5, tempDir());
      const data = createJobData({ kind: 'video', input, output: out }, {});
      const error = await runJob(recognizer, data, { signal: AbortSignal.abort('lock lost') }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error instanceof FerError, String(error));
      assert.equal(error.code, 'JOB_CANCELLED');
      assert.equal(error.message, `job cancelled (lock lost): ${input}`);
      assert.ok(error.hint);
      assert.deepEqual(readdirSync(out), []);
    } finally {
      await recognizer.dispose();
    }
  },
);
