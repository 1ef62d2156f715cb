import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';
import {
  hasCudaProvider,
  hasInt8DotProduct,
  resolveRuntime,
  settleEsr9Precision,
} from '../../src/runtime/resolve-runtime.js';

test('auto resolves to the CPU by default and to a GPU provider with gpu', () => {
  const cpu = resolveRuntime(resolveOptions());
  assert.deepEqual(
    { ...cpu, precision: undefined },
    {
      engine: 'onnx',
      backend: 'cpu',
      gpu: false,
      threads: 0,
      precision: undefined,
      detectorPrecision: 'fp32',
      explicitPrecision: false,
    },
  );
  const gpu = resolveRuntime(resolveOptions({ gpu: true }));
  assert.equal(gpu.backend, hasCudaProvider() ? 'cuda' : 'webgpu');
  assert.equal(gpu.gpu, true);
  assert.equal(resolveRuntime(resolveOptions({ gpu: true, engine: 'tfjs' })).backend, 'tensorflow');
});

test('an explicit backend is kept; webgpu counts as a GPU', () => {
  assert.deepEqual(resolveRuntime(resolveOptions({ backend: 'webgpu', threads: 2 })), {
    engine: 'onnx',
    backend: 'webgpu',
    gpu: true,
    threads: 2,
    precision: 'fp32',
    detectorPrecision: 'fp32',
    explicitPrecision: false,
  });
  assert.equal(resolveRuntime(resolveOptions({ engine: 'tfjs', backend: 'cpu' })).backend, 'cpu');
});

test('precision: auto is int8 for ESR-9 only where the CPU has VNNI; int8 by name covers the detector; GPUs and tfjs stay fp32', () => {
  const vnni = hasInt8DotProduct();
  assert.equal(resolveRuntime(resolveOptions()).precision, vnni ? 'int8' : 'fp32');
  assert.deepEqual(
    [resolveRuntime(resolveOptions({ precision: 'int8' }))].map((r) => [
      r.precision,
      r.detectorPrecision,
      r.explicitPrecision,
    ]),
    [['int8', 'int8', true]],
  );
  assert.equal(resolveRuntime(resolveOptions({ precision: 'fp32' })).precision, 'fp32');
  assert.equal(resolveRuntime(resolveOptions({ engine: 'tfjs' })).precision, 'fp32');
  assert.equal(resolveRuntime(resolveOptions({ backend: 'webgpu' })).precision, 'fp32');
  assert.throws(() => resolveOptions({ precision: 'int8', engine: 'tfjs' }), /precision.*CPU backend only/);
  assert.throws(() => resolveOptions({ precision: 'int4' as never }), /auto, fp32 or int8/);
});

test('the VNNI check reads the CPU flags', () => {
  assert.equal(hasInt8DotProduct('processor : 0\nflags\t\t: fpu sse avx2 avx512f avx512_vnni\n'), true);
  assert.equal(hasInt8DotProduct('processor : 0\nflags\t\t: fpu sse avx2 avx_vnni\n'), true);
  assert.equal(hasInt8DotProduct('processor : 0\nflags\t\t: fpu sse avx2 fma\n'), false);
  assert.equal(hasInt8DotProduct(''), false);
});

test('precision is settled in resolve-runtime once the weights are known: auto without a calibration runs fp32, int8 by name is MODEL_MISSING', () => {
  const int8 = (explicitPrecision: boolean) => ({
    ...resolveRuntime(resolveOptions({ precision: 'fp32' })),
    precision: 'int8' as const,
    explicitPrecision,
  });
  assert.equal(settleEsr9Precision(int8(false), true), 'int8');
  assert.equal(settleEsr9Precision(int8(false), false), 'fp32');
  assert.throws(
    () => settleEsr9Precision(int8(true), false),
    (e: unknown) => e instanceof FerError && e.code === 'MODEL_MISSING' && /--precision fp32/.test(e.hint),
  );
  assert.equal(settleEsr9Precision(resolveRuntime(resolveOptions({ precision: 'fp32' })), true), 'fp32');
  assert.throws(
    () => resolveRuntime({ engine: 'tfjs', backend: 'auto', gpu: false, threads: 0, precision: 'int8' }),
    /CPU backend only/,
    'resolveRuntime refuses what resolveOptions refuses',
  );
});
