import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ASTRONAUT, ROOT } from '../helpers/fixtures.js';
import { HEAVY_PACKAGES, traceModules } from '../helpers/module-trace.js';

const BIN = join(ROOT, 'bin', 'fer.js');

/** Packages no command needs before it runs; the queue ones only `fer queue` and `fer worker` load. */
const NOT_AT_START = [...HEAVY_PACKAGES, 'cli-progress'];

test('building the commander program (`fer --version`) loads only commander', () => {
  const trace = traceModules([BIN, '--version']);
  assert.equal(trace.status, 0, trace.stderr);
  assert.ok(trace.packages.has('commander'), `the tracer saw commander: ${[...trace.packages].join(', ')}`);
  assert.deepEqual(
    NOT_AT_START.filter((p) => trace.packages.has(p)),
    [],
    `loaded: ${[...trace.packages].join(', ')}`,
  );
});

test(
  '`fer image -i FILE` (no -o, -d, -g) loads sharp and ONNX Runtime, and not canvas, ffmpeg, BullMQ, tfjs or node:http',
  { timeout: 240_000 },
  () => {
    const trace = traceModules([BIN, 'image', '-i', ASTRONAUT], 230_000);
    assert.equal(trace.status, 0, trace.stderr);
    for (const needed of ['sharp', 'onnxruntime-node'])
      assert.ok(trace.packages.has(needed), `${needed} is loaded: ${[...trace.packages].join(', ')}`);
    const unneeded = NOT_AT_START.filter((p) => p !== 'sharp' && p !== 'onnxruntime-node');
    assert.deepEqual(
      unneeded.filter((p) => trace.packages.has(p)),
      [],
      `loaded: ${[...trace.packages].join(', ')}`,
    );
    assert.ok(!trace.urls.includes('node:http'), 'node:http (the -d page) is not loaded');
  },
);
