import { Queue } from 'bullmq';
import { FerError } from '../errors.js';
import { invalidParameterError } from '../validate.js';
import { connectRedis, REDIS_ANSWER_MS, redactRedisUrl } from './redis-connection.js';

/** The queue name used when none is given. */
export { DEFAULT_QUEUE } from './defaults.js';
import { DEFAULT_QUEUE } from './defaults.js';

/** Which Redis and which queue. */
export interface QueueTarget {
  /** A Redis URL: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. */
  connection: string;
  /** Queue name; default `fer`. */
  queue?: string;
}

/**
 * Check a queue name (letters, digits, `_`, `-`, `.`; BullMQ reserves `:`); returns it.
 * @example
 * checkQueueName('nightly'); // 'nightly'
 */
export function checkQueueName(name: string = DEFAULT_QUEUE): string {
  if (!(typeof name === 'string' && /^[\w.-]{1,64}$/.test(name)))
    throw invalidParameterError('queue name', '1-64 letters, digits, _, - or .', name, 'pass --queue NAME');
  return name;
}

/**
 * Open a BullMQ queue on Redis, run `work` with it, and close the queue and connection again; a
 * Redis that does not answer a command within REDIS_ANSWER_MS is QUEUE_UNAVAILABLE.
 * @example
 * const counts = await withQueue({ connection: 'redis://127.0.0.1:6379' }, (q) => q.getJobCounts());
 */
export async function withQueue<T>(target: QueueTarget, work: (queue: Queue) => Promise<T>): Promise<T> {
  const name = checkQueueName(target.queue);
  const client = await connectRedis(target.connection, { commandTimeout: REDIS_ANSWER_MS });
  const queue = new Queue(name, { connection: client });
  queue.on('error', () => undefined);
  try {
    return await work(queue);
  } catch (e) {
    if (!/Command timed out/.test((e as Error)?.message)) throw e;
    throw new FerError(
      'QUEUE_UNAVAILABLE',
      `Redis at ${redactRedisUrl(target.connection)} stopped answering (a command took over ${REDIS_ANSWER_MS / 1000} s)`,
      'check that the Redis server is not overloaded or stuck (`redis-cli -u URL ping`)',
      { cause: e },
    );
  } finally {
    await queue.close();
    client.disconnect();
  }
}
