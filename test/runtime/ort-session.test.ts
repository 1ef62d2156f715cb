import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { GraphBuilder } from '../../src/runtime/onnx-builder.js';
import { createOrtSession, loadOrt } from '../../src/runtime/ort-session.js';
import { tempDir } from '../helpers/fixtures.js';

/** A one-node model: y = relu(x), x of shape [3]. */
function reluModel(): Uint8Array {
  const g = new GraphBuilder();
  g.node('Relu', ['x'], {}, 'y');
  return g.encode('relu', [g.input('x', [3])], [g.output('y', [3])]);
}

test('a graph from the shared builder runs on the CPU runtime', async () => {
  const ort = await loadOrt();
  const session = await createOrtSession(
    { name: 'relu', id: null, build: reluModel },
    {
      engine: 'onnx',
      backend: 'cpu',
      gpu: false,
      threads: 1,
      precision: 'fp32',
      detectorPrecision: 'fp32',
      explicitPrecision: false,
    },
    'test',
  );
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 0, 2), [3]) });
  assert.deepEqual(Array.from(out.y.data as Float32Array), [0, 0, 2]);
  await session.release();
});

test('float16 and uint8 initializers are cast in the graph', async () => {
  const ort = await loadOrt();
  const g = new GraphBuilder();
  const half = g.floatConstant('h', [2], 'F16', new Uint8Array(Uint16Array.of(0x3c00, 0xc000).buffer));
  const byte = g.floatConstant('b', [2], 'U8', Uint8Array.of(3, 250));
  g.node('Add', [g.node('Add', ['x', half]), byte], {}, 'y');
  const session = await createOrtSession(
    { name: 'cast', id: null, build: () => g.encode('cast', [g.input('x', [2])], [g.output('y', [2])]) },
    {
      engine: 'onnx',
      backend: 'cpu',
      gpu: false,
      threads: 1,
      precision: 'fp32',
      detectorPrecision: 'fp32',
      explicitPrecision: false,
    },
    'test',
  );
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(0.5, 0.5), [2]) });
  assert.deepEqual(Array.from(out.y.data as Float32Array), [4.5, 248.5]);
  await session.release();
});

test('WebGPU without a usable adapter is ENGINE_UNAVAILABLE with a hint', async (t) => {
  let session;
  try {
    session = await createOrtSession(
      { name: 'relu', id: null, build: reluModel },
      {
        engine: 'onnx',
        backend: 'webgpu',
        gpu: true,
        threads: 0,
        precision: 'fp32',
        detectorPrecision: 'fp32',
        explicitPrecision: false,
      },
      'test',
    );
  } catch (e) {
    assert.ok(e instanceof FerError, String(e));
    assert.equal(e.code, 'ENGINE_UNAVAILABLE');
    assert.match(e.message, /WebGPU/);
    assert.match(e.hint, /without -c/);
    return;
  }
  await session.release();
  t.skip('this machine has a WebGPU adapter: the no-adapter error cannot be checked here');
});

test('the optimised graph is cached on the CPU, reused, and rebuilt when the entry is unreadable', async () => {
  const ort = await loadOrt();
  const dir = tempDir('fer-cache-');
  const saved = process.env.FER_CACHE_DIR;
  process.env.FER_CACHE_DIR = dir;
  let builds = 0;
  const source = { name: 'relu', id: `test:${dir}`, build: () => (builds++, reluModel()) };
  const runtime = {
    engine: 'onnx' as const,
    backend: 'cpu',
    gpu: false,
    threads: 1,
    precision: 'fp32' as const,
    detectorPrecision: 'fp32' as const,
    explicitPrecision: false,
  };
  const relu = async (): Promise<number[]> => {
    const session = await createOrtSession(source, runtime, 'test');
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 0, 2), [3]) });
    await session.release();
    return Array.from(out.y.data as Float32Array);
  };
  try {
    assert.deepEqual(await relu(), [0, 0, 2]);
    const entries = readdirSync(dir).filter((f) => f.endsWith('.onnx'));
    assert.equal(entries.length, 1);
    assert.deepEqual(await relu(), [0, 0, 2]);
    assert.equal(builds, 1, 'the second session came from the cache');
    writeFileSync(join(dir, entries[0]), 'not a model');
    assert.deepEqual(await relu(), [0, 0, 2]);
    assert.equal(builds, 2, 'an unreadable entry is rebuilt');
    assert.ok(readFileSync(join(dir, entries[0])).length > 20, 'and rewritten');
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cached graph keeps its large weights in one file beside it, which a rebuild replaces', async () => {
  const ort = await loadOrt();
  const dir = tempDir('fer-cache-data-');
  const saved = process.env.FER_CACHE_DIR;
  process.env.FER_CACHE_DIR = dir;
  const bias = Float32Array.from({ length: 1024 }, (_, i) => i);
  const build = (): Uint8Array => {
    const g = new GraphBuilder();
    g.node('Add', ['x', g.floats('bias', [1024], bias)], {}, 'y');
    return g.encode('add', [g.input('x', [1024])], [g.output('y', [1024])]);
  };
  const runtime = {
    engine: 'onnx' as const,
    backend: 'cpu',
    gpu: false,
    threads: 1,
    precision: 'fp32' as const,
    detectorPrecision: 'fp32' as const,
    explicitPrecision: false,
  };
  const add = async (): Promise<number> => {
    const session = await createOrtSession({ name: 'add', id: `test:${dir}`, build }, runtime, 'test');
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(1024).fill(1), [1024]) });
    await session.release();
    return (out.y.data as Float32Array)[1023];
  };
  const files = (suffix: string): string[] => readdirSync(dir).filter((f) => f.endsWith(suffix));
  try {
    assert.equal(await add(), 1024);
    const [model] = files('.onnx');
    assert.equal(files('.data').length, 1, 'the 4 KiB bias went to a weights file');
    assert.ok(readFileSync(join(dir, model)).length < 2048, 'and not into the graph');
    assert.equal(await add(), 1024, 'the cached graph finds its weights');
    rmSync(join(dir, files('.data')[0]));
    assert.equal(await add(), 1024, 'a graph whose weights are gone is rebuilt');
    assert.equal(files('.data').length, 1);
    writeFileSync(join(dir, model), 'not a model');
    assert.equal(await add(), 1024);
    assert.equal(files('.data').length, 1, 'the rebuild removed the weights file it replaced');
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
