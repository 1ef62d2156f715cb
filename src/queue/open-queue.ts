import { Queue } from 'bullmq';
import { FerError } from '../errors.js';
import { connectRedis } from './redis-connection.js';

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
  if (!/^[\w.-]{1,64}$/.test(name)) throw new FerError('INVALID_OPTION', `invalid queue name: ${JSON.stringify(name)} (expected 1-64 letters, digits, _, - or .)`, 'pass --queue NAME');
  return name;
}

/**
 * Open a BullMQ queue on Redis, run `work` with it, and close the queue and connection again.
 * @example
 * const counts = await withQueue({ connection: 'redis://127.0.0.1:6379' }, (q) => q.getJobCounts());
 */
export async function withQueue<T>(target: QueueTarget, work: (queue: Queue) => Promise<T>): Promise<T> {
  const name = checkQueueName(target.queue);
  const client = await connectRedis(target.connection);
  const queue = new Queue(name, { connection: client });
  queue.on('error', () => undefined);
  try {
    return await work(queue);
  } finally {
    await queue.close();
    client.disconnect();
  }
}
