import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSafetensors } from '../../src/esr9/safetensors.js';
import { foldWeights, loadWeights } from '../../src/esr9/weights.js';
import { FerError } from '../../src/index.js';
import { encodeSafetensors, randomTensors } from '../helpers/random-weights.js';

/** A model folder holding the given bytes as esr9.safetensors. */
function modelWith(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fer-w-'));
  writeFileSync(join(dir, 'esr9.safetensors'), bytes);
  return dir;
}

/** Assert a promise rejects with a FerError of this code whose message matches. */
async function rejectsWith(p: Promise<unknown>, code: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof FerError && e.code === code && re.test(e.message));
}

test('missing weights file: MODEL_MISSING', async () => {
  await rejectsWith(loadWeights(mkdtempSync(join(tmpdir(), 'fer-empty-'))), 'MODEL_MISSING', /esr9\.safetensors/);
});

test('corrupt weights file: MODEL_INVALID', async () => {
  await rejectsWith(
    loadWeights(modelWith(Buffer.from('this is not a model at all'))),
    'MODEL_INVALID',
    /not a valid safetensors/,
  );
});

test('missing tensor is named', async () => {
  const t = randomTensors(1);
  t.delete('branches.4.fc.weight');
  await rejectsWith(
    loadWeights(modelWith(encodeSafetensors(t))),
    'MODEL_INVALID',
    /missing tensor branches\.4\.fc\.weight/,
  );
});

test('mis-shaped tensor is named with both shapes', async () => {
  const t = randomTensors(1);
  t.set('base.conv1.weight', { shape: [64, 3, 3, 3], data: new Float32Array(64 * 27) });
  await rejectsWith(
    loadWeights(modelWith(encodeSafetensors(t))),
    'MODEL_INVALID',
    /base\.conv1\.weight has shape \[64,3,3,3\] \(expected \[64,3,5,5\]\)/,
  );
});

test('float16 storage decodes exactly', () => {
  const header = JSON.stringify({ h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }).padEnd(64, ' ');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  const data = Buffer.alloc(8);
  [0x3c00, 0xc000, 0x3555, 0x0001].forEach((v, i) => data.writeUInt16LE(v, i * 2));
  const { tensors } = parseSafetensors(Buffer.concat([len, Buffer.from(header), data]), 'x');
  const v = tensors.get('h')!.data;
  assert.equal(v[0], 1);
  assert.equal(v[1], -2);
  assert.ok(Math.abs(v[2] - 0.333251953125) < 1e-9);
  assert.ok(Math.abs(v[3] - 5.960464477539063e-8) < 1e-15);
});

test('batch-norm folding matches conv then batch-norm', async () => {
  const t = randomTensors(9);
  const w = foldWeights(await loadWeights(modelWith(encodeSafetensors(t))));
  const g = (n: string): Float32Array => t.get(n)!.data;
  const o = 5;
  const scale = g('base.bn1.weight')[o] / Math.sqrt(g('base.bn1.running_var')[o] + 1e-5);
  const expectBias = (g('base.conv1.bias')[o] - g('base.bn1.running_mean')[o]) * scale + g('base.bn1.bias')[o];
  assert.ok(Math.abs(w.base[0].bias[o] - expectBias) < 1e-6);
  assert.ok(Math.abs(w.base[0].weight[o * 75 + 3] - g('base.conv1.weight')[o * 75 + 3] * scale) < 1e-6);
});
