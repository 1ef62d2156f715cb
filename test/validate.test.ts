import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FerError } from '../src/index.js';
import { checkInteger, describeValue, invalidParameterError, is } from '../src/validate.js';

test('describeValue prints what was received as JavaScript shows it: Infinity, NaN, quoted strings, short JSON, else the type', () => {
  const rows: [unknown, string][] = [
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [Number.NaN, 'NaN'],
    [-5, '-5'],
    ['abc', '"abc"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [true, 'true'],
    [10n, '10n'],
    [[1, 2], '[1,2]'],
    [{ a: 1 }, '{"a":1}'],
    [() => 1, 'a function'],
    [Symbol('s'), 'a symbol'],
    ['x'.repeat(80), 'a string'],
    [new Array(40).fill(1), 'an array'],
  ];
  for (const [value, shown] of rows) assert.equal(describeValue(value), shown, String(shown));
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(describeValue(cyclic), 'an object');
});

test('invalidParameterError is INVALID_OPTION naming the option, the value received and what was expected, with a hint', () => {
  const e = invalidParameterError('fps', 'a number >= 0', Number.NaN, 'see fer video --help');
  assert.ok(e instanceof FerError);
  assert.deepEqual(
    [e.code, e.message, e.hint],
    ['INVALID_OPTION', 'invalid fps: NaN (expected a number >= 0)', 'see fer video --help'],
  );
  assert.ok(invalidParameterError('x', 'y', 1).hint, 'a default hint');
});

test('is and checkInteger tell finite numbers and safe integers in range from everything else', () => {
  assert.deepEqual([1.5, Number.NaN, Number.POSITIVE_INFINITY, '1'].map(is.number), [true, false, false, false]);
  assert.deepEqual([3, 2 ** 53, 1.5, '3'].map(is.integer), [true, false, false, false]);
  assert.deepEqual([{}, Object.create(null), [], Buffer.alloc(1), null].map(is.plainObject), [
    true,
    true,
    false,
    false,
    false,
  ]);
  assert.equal(checkInteger('attempts', 20, { min: 1, max: 20 }), 20);
  for (const bad of [0, 21, 2.5, '3', Number.NaN]) {
    assert.throws(
      () => checkInteger('attempts', bad, { min: 1, max: 20 }),
      (e: unknown) =>
        e instanceof FerError &&
        e.message === `invalid attempts: ${describeValue(bad)} (expected an integer from 1 to 20)`,
    );
  }
});
