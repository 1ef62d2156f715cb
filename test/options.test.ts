import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { DEFAULTS, FerError, resolveOptions } from '../src/index.js';
import { QUEUE_DEFAULTS, QUEUE_LIMITS, resolveQueueSetting } from '../src/queue-options.js';
import { ANALYSIS_DEFAULTS, DRAW_DEFAULTS, resolveAnalysisOptions, resolveDrawOptions } from '../src/options.js';

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
    assert.throws(
      () => resolveOptions(opts as never),
      (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && re.test(e.message),
    );
  }
});

test('detectEvery: default from ANALYSIS_DEFAULTS (3), any integer >= 1, anything else INVALID_OPTION', () => {
  assert.equal(ANALYSIS_DEFAULTS.detectEvery, 3);
  assert.equal(resolveAnalysisOptions().detectEvery, 3);
  assert.equal(resolveAnalysisOptions({ detectEvery: 1 }).detectEvery, 1);
  assert.equal(resolveAnalysisOptions({ detectEvery: 12 }).detectEvery, 12);
  for (const detectEvery of [0, -1, 2.5, Number.POSITIVE_INFINITY, '3', null]) {
    assert.throws(
      () => resolveAnalysisOptions({ detectEvery } as never),
      (e: unknown) =>
        e instanceof FerError &&
        e.code === 'INVALID_OPTION' &&
        /invalid detectEvery: .* \(expected an integer >= 1; 1 = every frame\)/.test(e.message) &&
        e.hint !== '',
    );
  }
});

test('threads is bounded at 4 per core: 2**31 and cores*4+1 are INVALID_OPTION naming threads and the bound', () => {
  const max = availableParallelism() * 4;
  assert.equal(resolveOptions({ threads: max }).threads, max);
  for (const threads of [2 ** 31, max + 1, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => resolveOptions({ threads }),
      (e: unknown) =>
        e instanceof FerError &&
        e.code === 'INVALID_OPTION' &&
        e.message.includes(`invalid threads: ${threads}`) &&
        e.message.includes(`0 to ${max}`) &&
        e.hint !== '',
    );
  }
});

test("engine tfjs refuses a detectorSize other than 512 (face-api's SSD sees 512x512 only) and accepts 512", () => {
  assert.equal(resolveOptions({ engine: 'tfjs', detectorSize: 512 }).detectorSize, 512);
  assert.equal(resolveOptions({ engine: 'tfjs' }).detectorSize, 512);
  assert.throws(
    () => resolveOptions({ engine: 'tfjs', detectorSize: 320 }),
    (e: unknown) =>
      e instanceof FerError &&
      e.code === 'INVALID_OPTION' &&
      /detector-size: 320/.test(e.message) &&
      /tfjs/.test(e.message),
  );
});

test('analysis and drawing options are separate groups with their own defaults; gradCam is a recognizer option only', () => {
  assert.deepEqual(
    resolveAnalysisOptions({ fps: 5, branches: true } as never),
    { fps: 5, detectEvery: ANALYSIS_DEFAULTS.detectEvery },
    'drawing options are not analysis options',
  );
  assert.deepEqual(
    resolveDrawOptions({ size: 2, fps: 5 } as never),
    { ...DRAW_DEFAULTS, size: 2 },
    'analysis options are not drawing options',
  );
  assert.equal('gradCam' in resolveDrawOptions({ gradCam: true } as never), false);
  assert.equal(resolveOptions({ gradCam: true }).gradCam, true);
  assert.throws(() => resolveOptions({ gradCam: 'yes' as never }), /invalid gradCam: "yes" \(expected true or false\)/);
  for (const [fps, shown] of [
    [-5, '-5'],
    [Number.NaN, 'NaN'],
    ['abc', '"abc"'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ] as const) {
    assert.throws(
      () => resolveAnalysisOptions({ fps } as never),
      (e: unknown) =>
        e instanceof FerError && e.code === 'INVALID_OPTION' && e.message.startsWith(`invalid fps: ${shown} (expected`),
    );
  }
  assert.throws(() => resolveDrawOptions({ size: 4 } as never), /invalid size: 4 \(expected 1, 2, 3 or null\)/);
});

test('queue settings: defaults from QUEUE_DEFAULTS, bounds from QUEUE_LIMITS, the value received shown in the error', () => {
  for (const name of ['attempts', 'backoffMs', 'concurrency', 'lockDuration'] as const) {
    assert.equal(resolveQueueSetting(name, undefined), QUEUE_DEFAULTS[name]);
    const { min, max } = QUEUE_LIMITS[name];
    assert.equal(resolveQueueSetting(name, max), max);
    for (const bad of [min - 1, max + 1, 1.5 + min, Number.NaN]) {
      assert.throws(
        () => resolveQueueSetting(name, bad),
        (e: unknown) =>
          e instanceof FerError &&
          e.message === `invalid ${name}: ${bad} (expected an integer from ${min} to ${max})` &&
          e.hint !== '',
      );
    }
  }
  assert.ok(
    QUEUE_LIMITS.lockDuration.max / 2 < 2 ** 31,
    "stalledInterval (lockDuration / 2) stays within Node's timer range",
  );
});
