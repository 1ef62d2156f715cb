import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { fer } from '../helpers/run-cli.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { watchdog } from '../helpers/wait-for.js';

const silent = await startSilentServer();
after(() => silent.stop());
const url = `redis://127.0.0.1:${silent.port}`;

const commands: [string, string[]][] = [
  ['queue status', ['queue', 'status']],
  ['queue add', ['queue', 'add', ASTRONAUT, '-o', tempDir()]],
  ['queue clean', ['queue', 'clean']],
];

for (const [name, args] of commands) {
  test(
    `fer ${name} against a Redis that accepts but never answers gives up by itself after one try: exit 9, naming its 5 s limit`,
    { timeout: 60_000 },
    async () => {
      const before = silent.accepted();
      const r = await watchdog(fer(...args, '--redis', url), 45_000, `fer ${name} against a silent Redis`);
      assert.equal(r.code, 9, r.err);
      assert.equal(silent.accepted() - before, 1, 'one try: it does not connect again');
      assert.match(r.err, new RegExp(`^fer: no answer from Redis at ${url} within 5 s\\n  hint: `));
      assert.equal(r.err.trim().split('\n').length, 2, r.err);
    },
  );
}

test(
  'fer worker against a Redis that never answers says it is waiting and keeps trying',
  { timeout: 60_000 },
  async () => {
    const before = silent.accepted();
    const worker = spawnFer(['worker', '--redis', url], { cache: true });
    try {
      await silent.waitForConnections(before + 2, 30_000);
      assert.equal(worker.child.exitCode, null, `the worker exited: ${worker.err()}`);
      assert.match(
        worker.err(),
        new RegExp(`^waiting: no answer from Redis at ${url} within 5 s; trying again \\(Ctrl\\+C to stop\\)\\n`),
      );
      assert.equal(
        worker.err().split('\n').filter(Boolean).length,
        1,
        `the same message is printed once: ${worker.err()}`,
      );
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  },
);
