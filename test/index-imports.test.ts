import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ROOT } from './helpers/fixtures.js';
import { HEAVY_PACKAGES, traceModules } from './helpers/module-trace.js';

/** Packages the library entry must not load at import: each loads on first use, or only through `./queue`. */
const HEAVY = [...HEAVY_PACKAGES, '@tensorflow/tfjs-core', 'onnxruntime-common'];

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { types: string; import: string }>;
};

/** `node -e "await import(<file>)"` under the module tracer. */
function traceImport(file: string): ReturnType<typeof traceModules> {
  const trace = traceModules([
    '--input-type=module',
    '-e',
    `await import(${JSON.stringify(pathToFileURL(join(ROOT, file)).href)})`,
  ]);
  assert.equal(trace.status, 0, trace.stderr);
  return trace;
}

test('importing the package entry loads none of the heavy packages (by module list)', () => {
  const trace = traceImport(pkg.exports['.'].import);
  assert.ok(
    trace.urls.some((u) => u.endsWith('/dist/src/pipeline/recognizer.js')),
    "the tracer saw the entry's own modules",
  );
  assert.deepEqual(
    HEAVY.filter((p) => trace.packages.has(p)),
    [],
    `loaded: ${[...trace.packages].join(', ')}`,
  );
});

test('the tracer sees what the queue entry loads: BullMQ (ESM) and ioredis (required by it)', () => {
  const trace = traceImport(pkg.exports['./queue'].import);
  assert.ok(trace.packages.has('bullmq') && trace.packages.has('ioredis'), `loaded: ${[...trace.packages].join(', ')}`);
});

test('the "./queue" subpath exports the queue API, and the main entry does not', async () => {
  for (const target of Object.values(pkg.exports)) {
    for (const file of [target.types, target.import]) assert.ok(existsSync(join(ROOT, file)), `${file} exists`);
  }
  const queue = await import(`${pkg.name}/queue`);
  const main = await import(pkg.name);
  for (const name of ['enqueue', 'createWorker', 'getQueueStatus', 'cleanQueue', 'redactRedisUrl', 'validateJobData']) {
    assert.equal(typeof queue[name], 'function', `${name} is exported by ${pkg.name}/queue`);
    assert.ok(!(name in main), `${name} is not exported by ${pkg.name}`);
  }
  assert.equal(typeof queue.DEFAULT_QUEUE, 'string');
  assert.match(queue.DEFAULT_REDIS_URL, /^redis:\/\//);
  assert.equal(typeof main.createRecognizer, 'function');
});
