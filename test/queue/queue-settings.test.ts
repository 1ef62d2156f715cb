import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FerError } from '../../src/index.js';
import { createWorker, enqueue } from '../../src/queue/index.js';
import { ASTRONAUT } from '../helpers/fixtures.js';

/** A Redis port nothing listens on: settings must be refused before it is tried. */
const connection = 'redis://127.0.0.1:1';

/** Whether an error is INVALID_OPTION naming `name` and printing `shown`, with a hint. */
const invalid =
  (name: string, shown: string) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof FerError, String(e));
    assert.equal(e.code, 'INVALID_OPTION', e.message);
    assert.ok(e.message.includes(name) && e.message.includes(shown), e.message);
    assert.ok(e.hint, 'with a hint');
    return true;
  };

test('createWorker() refuses a lock duration, concurrency out of bounds or not a number, before connecting', async () => {
  await assert.rejects(createWorker({ connection, lockDuration: 17179869200 }), invalid('lockDuration', '17179869200'));
  await assert.rejects(
    createWorker({ connection, lockDuration: 99999999999999 }),
    invalid('lockDuration', '99999999999999'),
  );
  await assert.rejects(createWorker({ connection, lockDuration: Number.NaN }), invalid('lockDuration', 'NaN'));
  await assert.rejects(createWorker({ connection, concurrency: 1e6 }), invalid('concurrency', '1000000'));
  await assert.rejects(
    createWorker({ connection, concurrency: Number.POSITIVE_INFINITY }),
    invalid('concurrency', 'Infinity'),
  );
});

test('enqueue() refuses attempts and back-off out of bounds, before connecting', async () => {
  await assert.rejects(enqueue([ASTRONAUT], {}, { connection, attempts: 1e6 }), invalid('attempts', '1000000'));
  await assert.rejects(enqueue([ASTRONAUT], {}, { connection, backoffMs: -1 }), invalid('backoffMs', '-1'));
  await assert.rejects(
    enqueue([ASTRONAUT], {}, { connection, backoffMs: 1e15 }),
    invalid('backoffMs', '1000000000000000'),
  );
});
