import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FerError, resolveOptions } from '../src/index.js';

test('defaults are documented values', () => {
  const o = resolveOptions();
  assert.equal(o.engine, 'onnx');
  assert.equal(o.backend, 'auto');
  assert.equal(o.detector, 'ssd');
  assert.equal(o.classes, 8);
  assert.equal(o.minConfidence, 0.5);
  assert.equal(o.largest, false);
  assert.ok(o.modelDir.endsWith('models/esr9/'));
});

test('gpu picks the engine\'s GPU backend', () => {
  assert.equal(resolveOptions({ gpu: true }).backend, 'cuda');
  assert.equal(resolveOptions({ gpu: true, engine: 'tfjs' }).backend, 'tensorflow');
});

test('invalid options fail with INVALID_OPTION naming the option', () => {
  const cases: [object, RegExp][] = [
    [{ engine: 'torch' }, /engine/],
    [{ engine: 'onnx', backend: 'wasm' }, /backend/],
    [{ minConfidence: 1.5 }, /min-confidence/],
    [{ classes: 5 }, /classes/],
    [{ detector: 'haar' }, /detector/],
    [{ maxPixels: -1 }, /max-pixels/],
    [{ gpu: true, backend: 'cpu' }, /backend/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(() => resolveOptions(opts as never), (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && re.test(e.message));
  }
});
