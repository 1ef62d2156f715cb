import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listParameters } from '../../src/esr9/definition.js';
import { tempDir } from './fixtures.js';

/** Deterministic pseudo-random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Serialise float32 tensors (and optional string metadata) as a safetensors buffer. */
export function encodeSafetensors(
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  metadata?: Record<string, string>,
): Buffer {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([
    len,
    Buffer.from(text),
    ...[...tensors.values()].map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)),
  ]);
}

/** Random ESR-9 tensors with He-scaled conv weights and plausible batch-norm statistics. */
export function randomTensors(seed = 1): Map<string, { shape: number[]; data: Float32Array }> {
  const rand = seededRandom(seed);
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of listParameters()) {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length > 1 ? shape.slice(1).reduce((a, b) => a * b, 1) : 1;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = rand() * 2 - 1;
      if (name.endsWith('running_var')) data[i] = 0.5 + rand();
      else if (name.endsWith('running_mean')) data[i] = u * 0.1;
      else if (/bn\d\.weight$/.test(name)) data[i] = 0.8 + rand() * 0.4;
      else if (shape.length > 1) data[i] = u * Math.sqrt(6 / fanIn);
      else data[i] = u * 0.05;
    }
    out.set(name, { shape, data });
  }
  return out;
}

/** Write random ESR-9 weights for inputs of `inputSize` (48 like the shipped model, or the paper's 96) to a fresh temporary model folder and return it. */
export function writeRandomModel(seed = 1, inputSize = 48): string {
  const dir = tempDir('fer-model-');
  writeFileSync(
    join(dir, 'esr9.safetensors'),
    encodeSafetensors(randomTensors(seed), { input_size: String(inputSize) }),
  );
  return dir;
}

/** A deterministic random network input of n faces of side `size`. */
export function randomInput(n: number, seed = 7, size = 48): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n * 3 * size * size }, () => rand());
}
