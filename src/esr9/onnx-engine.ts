import { createOrtSession, loadOrt } from '../runtime/ort-session.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import { INPUT_SIZE, NUM_AFFECT, NUM_BRANCHES, NUM_EMOTIONS } from './definition.js';
import type { Esr9Engine, Esr9Output } from './engine.js';
import { buildOnnxModel } from './onnx-graph.js';
import type { Esr9Weights } from './weights.js';

/** Interleave per-branch (N,k) outputs into one (N,9,k) array. */
function stackBranches(parts: Float32Array[], n: number, k: number): Float32Array {
  const out = new Float32Array(n * parts.length * k);
  parts.forEach((p, b) => {
    for (let i = 0; i < n; i++) out.set(p.subarray(i * k, (i + 1) * k), (i * parts.length + b) * k);
  });
  return out;
}

/**
 * The default engine: ONNX Runtime for Node, on a graph built in memory from the weights, on the
 * runtime's execution provider (CPU, WebGPU or CUDA); on the CPU the optimised graph is cached per weights file.
 * @example
 * const engine = await createOnnxEngine(weights, resolveRuntime(resolveOptions()));
 */
export async function createOnnxEngine(weights: Esr9Weights, runtime: Runtime): Promise<Esr9Engine> {
  const ort = await loadOrt();
  const session = await createOrtSession({ name: 'esr9', id: weights.source, build: () => buildOnnxModel(weights) }, runtime, 'ESR-9');
  const branches = Array.from({ length: NUM_BRANCHES }, (_, b) => b);
  return {
    name: `onnx/${runtime.backend}`,
    async run(input: Float32Array, n: number, withFeatures: boolean): Promise<Esr9Output> {
      const fetches = branches.flatMap((b) => [`logits_${b}`, `affect_${b}`, ...(withFeatures ? [`features_${b}`] : [])]);
      const feed = new ort.Tensor('float32', input, [n, 3, INPUT_SIZE, INPUT_SIZE]);
      const out = await session.run({ input: feed }, fetches);
      const take = (name: string): Float32Array => out[name].data as Float32Array;
      const result: Esr9Output = {
        logits: stackBranches(branches.map((b) => take(`logits_${b}`)), n, NUM_EMOTIONS),
        affect: stackBranches(branches.map((b) => take(`affect_${b}`)), n, NUM_AFFECT),
      };
      if (withFeatures) result.features = branches.map((b) => Float32Array.from(take(`features_${b}`)));
      for (const t of Object.values(out)) t.dispose?.();
      return result;
    },
    async dispose(): Promise<void> {
      await session.release();
    },
  };
}
