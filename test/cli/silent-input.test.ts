import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { ROOT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { startSilentServer } from '../helpers/silent-server.js';

const modelDir = writeRandomModel(9);

test('probing a stream that never answers gives up after the time limit and kills ffmpeg', { timeout: 30_000 }, async () => {
  const server = await startSilentServer();
  try {
    const url = `http://127.0.0.1:${server.port}/x.mjpg`;
    const started = Date.now();
    await assert.rejects(probeVideo(url, [], true, { timeoutMs: 1500 }), (e: unknown) => e instanceof FerError && e.code === 'INPUT_NOT_FOUND' && e.message.includes(url));
    assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
    await server.waitAllClosed(3000);
  } finally {
    await server.stop();
  }
});

const cases: [string, NodeJS.Signals[], number][] = [
  ['one SIGINT', ['SIGINT'], 130],
  ['one SIGTERM', ['SIGTERM'], 143],
  ['two SIGINTs at once', ['SIGINT', 'SIGINT'], 130],
];

for (const [name, signals, code] of cases) {
  test(`fer webcam --input on a silent http stream: ${name} stops it with exit ${code} and ends ffmpeg`, { timeout: 90_000 }, async () => {
    const server = await startSilentServer();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'fer.js'), 'webcam', '--input', `http://127.0.0.1:${server.port}/x.mjpg`, '--detector', 'none', '--model-dir', modelDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    try {
      await server.waitForConnections(1, 60_000);
      for (const s of signals) child.kill(s);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      assert.equal(await closed, code, stderr);
      clearTimeout(timer);
      await server.waitAllClosed(3000);
    } finally {
      child.kill('SIGKILL');
      await server.stop();
    }
  });
}
