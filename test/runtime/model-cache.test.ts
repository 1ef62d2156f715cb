import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeRetiredEntries } from '../../src/runtime/model-cache.js';
import { tempDir } from '../helpers/fixtures.js';

test('removeRetiredEntries deletes the gradient graph an earlier fer cached and keeps the live entries', () => {
  const dir = tempDir('fer-cache-retired-');
  const saved = process.env.FER_CACHE_DIR;
  process.env.FER_CACHE_DIR = dir;
  const live = [
    'esr9-int8-0123456789abcdef.onnx',
    'esr9-int8-0123456789abcdef.onnx.1.2.data',
    'ssd-mobilenetv1-fp32-0123456789abcdef.onnx',
  ];
  const retired = ['esr9-gradients-0123456789abcdef.onnx', 'esr9-gradients-0123456789abcdef.onnx.1.2.data'];
  try {
    for (const f of [...live, ...retired]) writeFileSync(join(dir, f), 'x');
    removeRetiredEntries();
    assert.deepEqual(readdirSync(dir).sort(), [...live].sort());
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
  }
});

test('removeRetiredEntries does nothing, and does not throw, when the cache is off or absent', () => {
  const saved = process.env.FER_CACHE_DIR;
  try {
    process.env.FER_CACHE_DIR = 'off';
    assert.doesNotThrow(() => removeRetiredEntries());
    process.env.FER_CACHE_DIR = join(tempDir('fer-cache-none-'), 'missing');
    assert.doesNotThrow(() => removeRetiredEntries());
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
  }
});
