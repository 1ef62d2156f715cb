import { FerError } from '../errors.js';
import { createOrtSession, loadOrt, type OrtSession } from '../runtime/ort-session.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import { NUM_AFFECT, NUM_BRANCHES, NUM_EMOTIONS, SHARED_CHANNELS, sharedSize } from './definition.js';
import type { Esr9Engine, Esr9Output } from './engine.js';
import { buildGradientModel } from './grad-graph.js';
import { CALIBRATION_FILE } from './int8-calibration.js';
import { buildOnnxModel } from './onnx-graph.js';
import { buildInt8OnnxModel } from './onnx-int8-graph.js';
import type { Esr9Weights } from './weights.js';

/** Interleave per-branch (N,k) outputs into one (N,9,k) array. */
function stackBranches(parts: Float32Array[], n: number, k: number): Float32Array {
  const out = new Float32Array(n * parts.length * k);
  parts.forEach((p, b) => {
    for (let i = 0; i < n; i++) out.set(p.subarray(i * k, (i + 1) * k), (i * parts.length + b) * k);
  });
  return out;
}

/** One-hot rows (N, 9, 8) from per-face, per-branch target classes. */
function oneHotTargets(targets: number[][]): Float32Array {
  const out = new Float32Array(targets.length * NUM_BRANCHES * NUM_EMOTIONS);
  targets.forEach((row, i) => row.forEach((c, b) => (out[(i * NUM_BRANCHES + b) * NUM_EMOTIONS + c] = 1)));
  return out;
}

/**
 * The default engine: ONNX Runtime for Node, on a graph built in memory from the weights, on the
 * runtime's execution provider (CPU, WebGPU or CUDA); on the CPU the optimised graph is cached per weights
 * file. The Grad-CAM gradient graph gets its own session, opened on first use only.
 * @example
 * const engine = await createOnnxEngine(weights, resolveRuntime(resolveOptions()));
 */
export async function createOnnxEngine(weights: Esr9Weights, runtime: Runtime): Promise<Esr9Engine> {
  const ort = await loadOrt();
  const calibration = runtime.precision === 'int8' ? weights.calibration : null;
  if (runtime.precision === 'int8' && !calibration && runtime.explicitPrecision) {
    throw new FerError('MODEL_MISSING', `no int8 calibration (${CALIBRATION_FILE}) for these ESR-9 weights`, 'use --precision fp32, or create it with training/calibrate_int8.py');
  }
  const source = calibration
    ? { name: 'esr9-int8', id: `${weights.source}:${JSON.stringify(calibration.ranges)}`, build: () => buildInt8OnnxModel(weights, calibration) }
    : { name: 'esr9', id: weights.source, build: () => buildOnnxModel(weights) };
  const session = await createOrtSession(source, runtime, 'ESR-9');
  let gradientSession: Promise<OrtSession> | null = null;
  const branches = Array.from({ length: NUM_BRANCHES }, (_, b) => b);
  const size = weights.inputSize;
  return {
    name: `onnx/${runtime.backend}${calibration ? '/int8' : ''}`,
    inputSize: size,
    async run(input: Float32Array, n: number, withShared: boolean): Promise<Esr9Output> {
      const fetches = [...branches.flatMap((b) => [`logits_${b}`, `affect_${b}`]), ...(withShared ? ['shared'] : [])];
      const out = await session.run({ input: new ort.Tensor('float32', input, [n, 3, size, size]) }, fetches);
      const take = (name: string): Float32Array => out[name].data as Float32Array;
      const result: Esr9Output = {
        logits: stackBranches(branches.map((b) => take(`logits_${b}`)), n, NUM_EMOTIONS),
        affect: stackBranches(branches.map((b) => take(`affect_${b}`)), n, NUM_AFFECT),
      };
      if (withShared) result.shared = Float32Array.from(take('shared'));
      for (const t of Object.values(out)) t.dispose?.();
      return result;
    },
    async gradients(shared: Float32Array, n: number, targets: number[][]): Promise<Float32Array[]> {
      gradientSession ??= createOrtSession({ name: 'esr9-gradients', id: weights.source, build: () => buildGradientModel(weights) }, runtime, 'ESR-9 Grad-CAM');
      const side = sharedSize(size);
      const feed = {
        shared: new ort.Tensor('float32', shared, [n, SHARED_CHANNELS, side, side]),
        target: new ort.Tensor('float32', oneHotTargets(targets), [n, NUM_BRANCHES, NUM_EMOTIONS]),
      };
      const out = await (await gradientSession).run(feed);
      const grads = branches.map((b) => Float32Array.from(out[`grad_${b}`].data as Float32Array));
      for (const t of Object.values(out)) t.dispose?.();
      return grads;
    },
    async dispose(): Promise<void> {
      await session.release();
      if (gradientSession) await (await gradientSession.catch(() => null))?.release();
    },
  };
}
