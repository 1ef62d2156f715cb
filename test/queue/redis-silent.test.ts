import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ASTRONAUT, ROOT, tempDir } from '../helpers/fixtures.js';
import { fer } from '../helpers/run-cli.js';
import { startSilentServer } from '../helpers/silent-server.js';

const silent = await startSilentServer();
after(() => silent.stop());
const url = `redis://127.0.0.1:${silent.port}`;

const commands: [string, string[]][] = [
  ['queue status', ['queue', 'status']],
  ['queue add', ['queue', 'add', ASTRONAUT, '-o', tempDir()]],
  ['queue clean', ['queue', 'clean']],
];

for (const [name, args] of commands) {
  test(`fer ${name} against a Redis that accepts but never answers fails with exit 9 within seconds`, { timeout: 30_000 }, async () => {
    const started = Date.now();
    const r = await fer(...args, '--redis', url);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.code, 9, r.err);
    assert.match(r.err, new RegExp(`^fer: no answer from Redis at ${url} within 5 s\\n  hint: `));
    assert.equal(r.err.trim().split('\n').length, 2, r.err);
    assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
  });
}

test('fer worker against a Redis that never answers says it is waiting and keeps trying', { timeout: 60_000 }, async () => {
  const before = silent.accepted();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'fer.js'), 'worker', '--redis', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise((r) => child.on('close', r));
  try {
    await silent.waitForConnections(before + 2, 30_000);
    assert.equal(child.exitCode, null, `the worker exited: ${stderr}`);
    assert.match(stderr, new RegExp(`^waiting: no answer from Redis at ${url} within 5 s; trying again \\(Ctrl\\+C to stop\\)\\n`));
    assert.equal(stderr.split('\n').filter(Boolean).length, 1, `the same message is printed once: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
});
