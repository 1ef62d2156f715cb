import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveOptions } from '../../src/options.js';
import { hasCudaProvider, resolveRuntime } from '../../src/runtime/resolve-runtime.js';

test('auto resolves to the CPU by default and to a GPU provider with gpu', () => {
  assert.deepEqual(resolveRuntime(resolveOptions()), { engine: 'onnx', backend: 'cpu', gpu: false, threads: 0 });
  const gpu = resolveRuntime(resolveOptions({ gpu: true }));
  assert.equal(gpu.backend, hasCudaProvider() ? 'cuda' : 'webgpu');
  assert.equal(gpu.gpu, true);
  assert.equal(resolveRuntime(resolveOptions({ gpu: true, engine: 'tfjs' })).backend, 'tensorflow');
});

test('an explicit backend is kept; webgpu counts as a GPU', () => {
  assert.deepEqual(resolveRuntime(resolveOptions({ backend: 'webgpu', threads: 2 })), { engine: 'onnx', backend: 'webgpu', gpu: true, threads: 2 });
  assert.equal(resolveRuntime(resolveOptions({ engine: 'tfjs', backend: 'cpu' })).backend, 'cpu');
});
