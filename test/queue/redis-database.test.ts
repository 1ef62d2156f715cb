import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';

const redis = await startRedis();
const skip = REDIS_MISSING ?? false;
after(() => redis?.stop());

/** Keys in each of databases 0-15 of the test server. */
async function keysPerDatabase(): Promise<number[]> {
  const client = new Redis(redis!.url);
  try {
    const counts: number[] = [];
    for (let db = 0; db < 16; db++) {
      await client.select(db);
      counts.push(await client.dbsize());
    }
    return counts;
  } finally {
    client.disconnect();
  }
}

const refused: [string, string, RegExp][] = [
  [
    'an out-of-range database',
    '/99',
    /^fer: Redis at redis:\/\/127\.0\.0\.1:\d+\/99 has no database 99 \(ERR DB index is out of range\)\n {2}hint: /,
  ],
  [
    'a database that is not a number',
    '/abc',
    /^fer: invalid Redis database in redis:\/\/127\.0\.0\.1:\d+\/abc: "abc" \(expected a number, e\.g\. \/0\)\n {2}hint: /,
  ],
  [
    'a negative database',
    '/-1',
    /^fer: invalid Redis database in redis:\/\/127\.0\.0\.1:\d+\/-1: "-1" \(expected a number, e\.g\. \/0\)\n {2}hint: /,
  ],
  [
    'a path',
    '/0/x',
    /^fer: invalid Redis database in redis:\/\/127\.0\.0\.1:\d+\/0\/x: "0\/x" \(expected a number, e\.g\. \/0\)\n {2}hint: /,
  ],
];

for (const [name, path, message] of refused) {
  test(`--redis with ${name} (${path}) is a usage error and writes nothing`, { skip }, async () => {
    const r = await fer('queue', 'add', ASTRONAUT, '-o', tempDir(), '--redis', redis!.url + path);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, message);
    assert.deepEqual(await keysPerDatabase(), new Array(16).fill(0));
  });
}

test('--redis with database /3 writes the job into database 3 only', { skip }, async () => {
  const r = await fer('queue', 'add', ASTRONAUT, '-o', tempDir(), '--redis', `${redis!.url}/3`);
  assert.equal(r.code, 0, r.err);
  const counts = await keysPerDatabase();
  assert.ok(counts[3] > 0, `database 3 holds ${counts[3]} keys`);
  assert.deepEqual(
    counts.filter((_, db) => db !== 3),
    new Array(15).fill(0),
  );
});
