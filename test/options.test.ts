import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, FerError, resolveOptions } from '../src/index.js';
import { OUTPUT_DEFAULTS, resolveOutputOptions } from '../src/options.js';

test('defaults are documented values', () => {
  const o = resolveOptions();
  assert.equal(o.engine, 'onnx');
  assert.equal(o.backend, 'auto');
  assert.equal(o.detector, 'ssd');
  assert.equal(o.classes, 8);
  assert.equal(o.minConfidence, 0.5);
  assert.equal(o.largest, false);
  assert.ok(o.modelDir.endsWith('models/esr9/'));
  assert.deepEqual(o, { ...DEFAULTS }, 'resolveOptions() is DEFAULTS, the values the CLI shows too');
  assert.equal(resolveOptions({ threads: 2 }).threads, 2);
});

test('invalid options fail with INVALID_OPTION naming the option', () => {
  const cases: [object, RegExp][] = [
    [{ engine: 'torch' }, /engine/],
    [{ engine: 'onnx', backend: 'wasm' }, /backend/],
    [{ minConfidence: 1.5 }, /min-confidence/],
    [{ classes: 5 }, /classes/],
    [{ detector: 'haar' }, /detector/],
    [{ maxPixels: -1 }, /max-pixels/],
    [{ threads: -1 }, /threads/],
    [{ gpu: true, backend: 'cpu' }, /backend/],
    [{ flip: 'yes' }, /flip/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(() => resolveOptions(opts as never), (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && re.test(e.message));
  }
});

test('detectEvery: default from OUTPUT_DEFAULTS (3), any integer >= 1, anything else INVALID_OPTION', () => {
  assert.equal(OUTPUT_DEFAULTS.detectEvery, 3);
  assert.equal(resolveOutputOptions().detectEvery, 3);
  assert.equal(resolveOutputOptions({ detectEvery: 1 }).detectEvery, 1);
  assert.equal(resolveOutputOptions({ detectEvery: 12 }).detectEvery, 12);
  for (const detectEvery of [0, -1, 2.5, Number.POSITIVE_INFINITY, '3', null]) {
    assert.throws(() => resolveOutputOptions({ detectEvery } as never), (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && /invalid detectEvery: .* \(expected an integer >= 1; 1 = every frame\)/.test(e.message) && e.hint !== '');
  }
});
