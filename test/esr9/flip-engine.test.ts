import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../src/esr9/create-engine.js';
import { withFlip } from '../../src/esr9/flip-engine.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { seededRandom, writeRandomModel } from '../helpers/random-weights.js';

/** n random faces laid out n x 3 x side x side; symmetric ones read the same mirrored. */
function faces(n: number, side: number, seed: number, symmetric = false): Float32Array {
  const rnd = seededRandom(seed);
  const out = new Float32Array(n * 3 * side * side);
  for (let row = 0; row < n * 3 * side; row++) {
    for (let x = 0; x < side; x++) {
      out[row * side + x] = symmetric && x >= side / 2 ? out[row * side + side - 1 - x] : rnd();
    }
  }
  return out;
}

/** The same faces, each row read right to left. */
function mirrored(input: Float32Array, side: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input[i - (i % side) + side - 1 - (i % side)];
  return out;
}

/** Largest absolute difference of two arrays. */
function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

test("flip averaging: a face and its mirror get the same outputs, a symmetric face the plain engine's, Grad-CAM features the unmirrored face's", async () => {
  const plain = await createEngine(
    await loadWeights(writeRandomModel(11)),
    resolveRuntime(resolveOptions({ precision: 'fp32' })),
  );
  const flip = withFlip(plain);
  const side = flip.inputSize;
  try {
    assert.equal(flip.name, `${plain.name}/flip`);
    const x = faces(2, side, 3);
    const a = await flip.run(x, 2, true);
    const b = await flip.run(mirrored(x, side), 2, false);
    assert.ok(maxDiff(a.logits, b.logits) < 1e-4, 'mirror invariance of the logits');
    assert.ok(maxDiff(a.affect, b.affect) < 1e-4, 'mirror invariance of arousal/valence');
    const base = await plain.run(x, 2, true);
    assert.ok(maxDiff(a.logits, base.logits) > 1e-3, 'an asymmetric face changes under flip averaging');
    assert.ok(maxDiff(a.shared!, base.shared!) < 1e-5, 'shared features of the unmirrored faces');
    const s = faces(1, side, 4, true);
    assert.ok(maxDiff((await flip.run(s, 1, false)).logits, (await plain.run(s, 1, false)).logits) < 1e-4);
  } finally {
    await flip.dispose();
  }
});
