import { Redis } from 'ioredis';
import { FerError } from '../errors.js';
import { findTlsMismatch, type TlsMismatch } from './tls-mismatch.js';

/** Where fer looks for Redis when no URL is given: `$FER_REDIS_URL`, else the local default port. */
export { DEFAULT_REDIS_URL } from './defaults.js';
import { DEFAULT_REDIS_URL } from './defaults.js';

const URL_HINT = 'pass --redis redis://[user:password@]host[:port][/db] (rediss:// for TLS), or set FER_REDIS_URL';

/**
 * The URL with its password replaced by `***`, for messages and logs.
 * @example
 * redactRedisUrl('redis://:secret@db:6379'); // 'redis://:***@db:6379'
 */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable Redis URL)';
  }
}

/**
 * Check that a Redis URL is `redis://` or `rediss://` with a host and at most a database number as its
 * path; throws INVALID_OPTION otherwise.
 * @example
 * checkRedisUrl('rediss://:pw@cache.example.org:6380/2');
 */
export function checkRedisUrl(url: string): void {
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
    throw new FerError(
      'INVALID_OPTION',
      `invalid Redis URL: ${redactRedisUrl(url)} (expected redis:// or rediss://)`,
      URL_HINT,
    );
  }
  if (!/^\/?\d{0,9}$/.test(u.pathname)) {
    throw new FerError(
      'INVALID_OPTION',
      `invalid Redis database in ${redactRedisUrl(url)}: ${JSON.stringify(u.pathname.slice(1))} (expected a number, e.g. /0)`,
      URL_HINT,
    );
  }
}

/** The database index a checked Redis URL names (`/N`; 0 when absent). */
function redisDatabase(url: string): number {
  return Number(new URL(url).pathname.slice(1) || 0);
}

/** Ms a Redis gets to answer the first PING (and each command of a short `fer queue` command). */
export const REDIS_ANSWER_MS = 5000;

/** How to connect. */
export interface ConnectOptions {
  /** Called with each connection error of the long-lived client (it reconnects by itself). */
  onError?(e: Error): void;
  /**
   * Given (a long-running worker): a Redis that accepts the connection but does not answer is waited
   * for, this called once per try with why, instead of failing. Refused connections still fail at once.
   */
  onNoAnswer?(message: string): void;
  /** Ms after which a command fails (`fer queue` commands); default none, as blocking commands need. */
  commandTimeout?: number;
}

/** Check that the server has the URL's database: Redis would otherwise leave the client in database 0. */
async function selectDatabase(probe: Redis, url: string): Promise<void> {
  const db = redisDatabase(url);
  await probe.select(db).catch((e: Error) => {
    throw new FerError(
      'INVALID_OPTION',
      `Redis at ${redactRedisUrl(url)} has no database ${db} (${e.message})`,
      'pick a database the server has: 0 to 15 unless its `databases` setting says otherwise',
      { cause: e },
    );
  });
}

/** Ms a `rediss://` connection may take before fer checks whether the server speaks TLS at all. */
const TLS_SNIFF_AFTER_MS = 1000;

/** QUEUE_UNAVAILABLE for a URL whose scheme does not fit its server. */
function mismatchError(url: string, m: TlsMismatch, cause?: unknown): FerError {
  return new FerError('QUEUE_UNAVAILABLE', `cannot use Redis at ${redactRedisUrl(url)}: ${m.problem}`, m.hint, {
    cause,
  });
}

/** Rejects with the mismatch when a `rediss://` connection still hangs after TLS_SNIFF_AFTER_MS and the server answers plain text; otherwise never settles. */
function watchPlainServer(url: string, timer: { id?: NodeJS.Timeout }): Promise<never> {
  return new Promise((_, reject) => {
    if (new URL(url).protocol !== 'rediss:') return;
    timer.id = setTimeout(
      () => void findTlsMismatch(url).then((m) => m && reject(mismatchError(url, m))),
      TLS_SNIFF_AFTER_MS,
    );
  });
}

/** Try one connection and PING; resolves false when the server accepted the connection but did not answer in time. */
async function probeRedis(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_ANSWER_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let reason: Error | null = null;
  let timer: NodeJS.Timeout | undefined;
  const sniff: { id?: NodeJS.Timeout } = {};
  probe.on('error', (e: Error) => (reason ??= e));
  const silence = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_ANSWER_MS)));
  try {
    return await Promise.race([
      probe
        .connect()
        .then(() => probe.ping())
        .then(() => selectDatabase(probe, url))
        .then(() => true),
      silence,
      watchPlainServer(url, sniff),
    ]);
  } catch (e) {
    if (e instanceof FerError) throw e;
    const dropped = ['ECONNRESET', 'EPIPE'].includes((reason as NodeJS.ErrnoException | null)?.code ?? ''); // as a TLS server does on plain text
    const mismatch = dropped && new URL(url).protocol === 'redis:' ? await findTlsMismatch(url) : null;
    if (mismatch) throw mismatchError(url, mismatch, reason ?? e);
    throw new FerError(
      'QUEUE_UNAVAILABLE',
      `cannot use Redis at ${redactRedisUrl(url)}: ${(reason ?? (e as Error)).message}`,
      'start it (e.g. `redis-server`), or check the host, port and password in --redis',
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
    clearTimeout(sniff.id);
    probe.disconnect();
  }
}

/**
 * Connect to Redis once, failing fast (one try; no answer within REDIS_ANSWER_MS fails too unless
 * `onNoAnswer` asks to wait) with QUEUE_UNAVAILABLE naming the URL (password hidden), or
 * INVALID_OPTION when the server has no such database as the URL names; then return a
 * client that reconnects by itself, as BullMQ needs for long-running workers.
 * @example
 * const client = await connectRedis('redis://127.0.0.1:6379', { commandTimeout: 5000 }); client.disconnect();
 */
export async function connectRedis(url: string, o: ConnectOptions = {}): Promise<Redis> {
  checkRedisUrl(url);
  const silent = `no answer from Redis at ${redactRedisUrl(url)} within ${REDIS_ANSWER_MS / 1000} s`;
  while (!(await probeRedis(url))) {
    if (!o.onNoAnswer)
      throw new FerError(
        'QUEUE_UNAVAILABLE',
        silent,
        'check that the host and port are those of a Redis server, and that it is not stuck (`redis-cli -u URL ping`)',
      );
    o.onNoAnswer(silent);
  }
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    ...(o.commandTimeout ? { commandTimeout: o.commandTimeout } : {}),
  });
  client.on('error', o.onError ?? (() => undefined));
  return client;
}
