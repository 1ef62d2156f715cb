import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { type FerExit, spawnFer } from '../helpers/spawn-fer.js';

const noOpenssl =
  spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0
    ? false
    : 'openssl is not installed (it makes the test certificate)';
const skip = REDIS_MISSING ?? noOpenssl;
const plain = skip ? null : await startRedis({ password: 'pw' });
const tls = skip ? null : await startRedis({ tls: true });
after(async () => {
  await plain?.stop();
  await tls?.stop();
});

test(
  'rediss:// to a Redis without TLS fails at once for queue commands and the worker, naming the URL, with a hint',
  { skip, timeout: 60_000 },
  async () => {
    const url = plain!.url.replace('redis:', 'rediss:');
    for (const args of [['queue', 'status'], ['queue', 'clean'], ['worker']]) {
      const r = await fer(...args, '--redis', url);
      assert.equal(r.code, 9, `${args.join(' ')}: ${r.err}`);
      assert.match(
        r.err,
        /^fer: cannot use Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: the server answers without TLS, but rediss:\/\/ asks for TLS\n {2}hint: use redis:\/\/ for this server, or enable TLS on it/,
        args.join(' '),
      );
    }
  },
);

test(
  'redis:// to a Redis that expects TLS fails at once with a hint to use rediss://',
  { skip, timeout: 60_000 },
  async () => {
    const url = tls!.url.replace('rediss:', 'redis:');
    for (const args of [['queue', 'status'], ['worker']]) {
      const r = await fer(...args, '--redis', url);
      assert.equal(r.code, 9, `${args.join(' ')}: ${r.err}`);
      assert.match(
        r.err,
        /^fer: cannot use Redis at redis:\/\/127\.0\.0\.1:\d+: the server expects TLS, but redis:\/\/ asks for a plain connection\n {2}hint: use rediss:\/\/ for this server/,
        args.join(' '),
      );
    }
  },
);

test(
  'rediss:// works over TLS (URL from FER_REDIS_URL too); an untrusted certificate or plain redis:// is refused',
  { skip },
  async () => {
    const tls = await startRedis({ tls: true, password: 'tls-pw' });
    try {
      const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<FerExit> =>
        spawnFer(args, { env: { NODE_EXTRA_CA_CERTS: tls!.ca, ...extra }, cache: true }).exitWithin(60_000);
      const added = await cli(['queue', 'add', ASTRONAUT, '-o', tempDir(), '--redis', tls!.url]);
      assert.equal(added.code, 0, added.err);
      assert.match(added.out, /^added 1 job to queue fer/);
      const status = await cli(['queue', 'status'], { FER_REDIS_URL: tls!.url });
      assert.equal(status.code, 0, status.err);
      assert.match(status.out, /^queue fer: 1 waiting, 0 active/);
      const untrusted = await fer('queue', 'status', '--redis', tls!.url);
      assert.equal(untrusted.code, 9);
      assert.match(
        untrusted.err,
        /^fer: cannot use Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*self[- ]signed certificate/,
      );
      const plain = await fer('queue', 'status', '--redis', tls!.url.replace('rediss:', 'redis:'));
      assert.equal(plain.code, 9, plain.err);
    } finally {
      await tls?.stop();
    }
  },
);
