import { NUM_AFFECT, NUM_BRANCHES, NUM_EMOTIONS } from './definition.js';
import type { Esr9Engine, Esr9Output } from './engine.js';

/** The faces of an N x 3 x S x S batch followed by their left-right mirrors: a 2N batch. */
function appendMirrors(input: Float32Array, n: number, side: number): Float32Array {
  const out = new Float32Array(input.length * 2);
  out.set(input);
  const rows = n * 3 * side;
  for (let r = 0; r < rows; r++) {
    const at = r * side;
    for (let x = 0; x < side; x++) out[input.length + at + x] = input[at + side - 1 - x];
  }
  return out;
}

/** Per-face mean of the first n faces' values and their mirrors' (the second n), `per` values per face. */
function averagePairs(values: Float32Array, n: number, per: number): Float32Array {
  const out = new Float32Array(n * per);
  const half = n * per;
  for (let i = 0; i < half; i++) out[i] = 0.5 * (values[i] + values[half + i]);
  return out;
}

/**
 * Flip test-time augmentation around an ESR-9 engine: each face runs beside its mirror in one batch, and its
 * emotion logits and arousal/valence are the mean of the two (as training/evaluate.py --flip); the shared
 * features returned for Grad-CAM are the unmirrored face's, so maps stay on the face as it is.
 * @example
 * const engine = withFlip(await createEngine(weights, runtime));
 * const { logits } = await engine.run(input, 1, false); // 9 x 8, averaged with the mirror's
 */
export function withFlip(engine: Esr9Engine): Esr9Engine {
  const side = engine.inputSize;
  return {
    name: `${engine.name}/flip`,
    inputSize: side,
    async run(input: Float32Array, n: number, withShared: boolean): Promise<Esr9Output> {
      const out = await engine.run(appendMirrors(input, n, side), 2 * n, withShared);
      const result: Esr9Output = {
        logits: averagePairs(out.logits, n, NUM_BRANCHES * NUM_EMOTIONS),
        affect: averagePairs(out.affect, n, NUM_BRANCHES * NUM_AFFECT),
      };
      if (out.shared) result.shared = out.shared.slice(0, out.shared.length / 2);
      return result;
    },
    gradients: (shared, n, targets) => engine.gradients(shared, n, targets),
    prepareGradients: () => engine.prepareGradients?.(),
    dispose: () => engine.dispose(),
  };
}
