import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { watchdog } from '../helpers/wait-for.js';

const modelDir = writeRandomModel(9);

test(
  'probing a stream that never answers gives up by itself, naming the time limit it was given, and kills ffmpeg',
  { timeout: 60_000 },
  async () => {
    const server = await startSilentServer();
    try {
      const url = `http://127.0.0.1:${server.port}/x.mjpg`;
      const probing = watchdog(probeVideo(url, [], true, { timeoutMs: 1500 }), 30_000, 'probing a silent stream');
      await assert.rejects(
        probing,
        (e: unknown) =>
          e instanceof FerError && e.code === 'INPUT_NOT_FOUND' && e.message === `no answer from ${url} within 1.5 s`,
      );
      await server.waitAllClosed(20_000);
    } finally {
      await server.stop();
    }
  },
);

const cases: [string, NodeJS.Signals[], number][] = [
  ['one SIGINT', ['SIGINT'], 130],
  ['one SIGTERM', ['SIGTERM'], 143],
  ['two SIGINTs at once', ['SIGINT', 'SIGINT'], 130],
];

for (const [name, signals, code] of cases) {
  test(
    `fer webcam --input on a silent http stream: ${name} stops it with exit ${code} and ends ffmpeg`,
    { timeout: 90_000 },
    async () => {
      const server = await startSilentServer();
      const run = spawnFer(
        ['webcam', '--input', `http://127.0.0.1:${server.port}/x.mjpg`, '--detector', 'none', '--model-dir', modelDir],
        { cache: true },
      );
      try {
        await server.waitForConnections(1, 60_000);
        for (const s of signals) run.child.kill(s);
        assert.equal((await run.exitWithin(30_000)).code, code, run.err());
        await server.waitAllClosed(20_000);
      } finally {
        run.child.kill('SIGKILL');
        await server.stop();
      }
    },
  );
}
