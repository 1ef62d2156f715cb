import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, createServer } from 'node:net';
import { tempDir } from './fixtures.js';
import { waitFor } from './wait-for.js';

/** A redis-server started for one test file. */
export interface TestRedis {
  /** `redis://[:password@]127.0.0.1:PORT`, or `rediss://` with `tls`. */
  url: string;
  port: number;
  /** With `tls`: the self-signed certificate the server uses (pass it as NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /** Stop the server and remove its folder. */
  stop(): Promise<void>;
}

/** Why Redis tests skip here, or null when redis-server is installed. */
export const REDIS_MISSING =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
    ? null
    : 'redis-server is not installed (apt-get install redis-server; .ci/run does this in CI)';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    }).once('error', () => resolve(false));
  });
}

/** A self-signed certificate for 127.0.0.1 and its key, made with openssl in `dir`. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem'),
    key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * Start redis-server on 127.0.0.1 on a free port, without persistence, in a temporary folder, with an
 * optional password and TLS (self-signed); resolves once it accepts connections. Returns null where
 * redis-server is not installed.
 */
export async function startRedis(o: { password?: string; tls?: boolean } = {}): Promise<TestRedis | null> {
  if (REDIS_MISSING) return null;
  const dir = tempDir('fer-redis-');
  const port = await freePort();
  const tls = o.tls ? selfSigned(dir) : null;
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        tls.cert,
        '--tls-key-file',
        tls.key,
        '--tls-ca-cert-file',
        tls.cert,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)];
  const args = [
    ...listen,
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(o.password ? ['--requirepass', o.password] : []),
  ];
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const started = await waitFor(async () => ({ accepting: await accepts(port), exitCode: proc.exitCode }), {
    what: `redis-server to accept connections on port ${port}`,
    until: (s) => s.accepting || s.exitCode !== null,
    timeoutMs: 30_000,
    intervalMs: 100,
  }).catch((e: Error) => e);
  if (started instanceof Error || !started.accepting) {
    proc.kill('SIGKILL');
    throw new Error(`redis-server did not start on port ${port}: ${log}`, { cause: started });
  }
  return {
    url: `${tls ? 'rediss' : 'redis'}://${o.password ? `:${o.password}@` : ''}127.0.0.1:${port}`,
    port,
    ca: tls?.cert,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
