import { Redis } from 'ioredis';
import { FerError } from '../errors.js';

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
 * Check that a Redis URL is `redis://` or `rediss://` with a host; throws INVALID_OPTION otherwise.
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
    throw new FerError('INVALID_OPTION', `invalid Redis URL: ${redactRedisUrl(url)} (expected redis:// or rediss://)`, URL_HINT);
  }
}

/**
 * Connect to Redis once, failing fast (one try, 5 s) with QUEUE_UNAVAILABLE naming the URL (password
 * hidden); then return a client that reconnects by itself, as BullMQ needs for long-running workers.
 * @example
 * const client = await connectRedis('redis://127.0.0.1:6379'); client.disconnect();
 */
export async function connectRedis(url: string, onError: (e: Error) => void = () => undefined): Promise<Redis> {
  checkRedisUrl(url);
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let reason: Error | null = null;
  probe.on('error', (e: Error) => (reason ??= e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new FerError('QUEUE_UNAVAILABLE', `cannot use Redis at ${redactRedisUrl(url)}: ${(reason ?? (e as Error)).message}`, 'start it (e.g. `redis-server`), or check the host, port and password in --redis', { cause: e });
  } finally {
    probe.disconnect();
  }
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', onError);
  return client;
}
