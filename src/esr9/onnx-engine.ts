import { removeRetiredEntries } from '../runtime/model-cache.js';
import { createOrtSession, loadOrt, type Ort, type OrtSession } from '../runtime/ort-session.js';
import { type Runtime, settleEsr9Precision } from '../runtime/resolve-runtime.js';
import { NUM_AFFECT, NUM_BRANCHES, NUM_EMOTIONS, SHARED_CHANNELS, sharedSize } from './definition.js';
import type { Esr9Engine, Esr9Output } from './engine.js';
import { buildGradientModel } from './grad-graph.js';
import { CALIBRATION_FILE } from './int8-calibration.js';
import { buildOnnxModel } from './onnx-graph.js';
import { buildInt8OnnxModel } from './onnx-int8-graph.js';
import type { Esr9Weights } from './weights.js';

/** An ONNX Runtime tensor. */
type Tensor = import('onnxruntime-node').Tensor;

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

/** A session on the Grad-CAM gradient graph and the weight tensors to feed it on every run. */
interface GradientSession {
  session: OrtSession;
  feeds: Record<string, Tensor>;
}

/**
 * Open the gradient graph's session. On the CPU its convolution weights are inputs, fed from the folded
 * arrays with each run (ONNX Runtime reads them in place), so it opens at once and is never cached; on a GPU
 * they are initializers, uploaded once. Also frees the gradient graph an earlier fer cached. The graph is
 * built (the weights folded) synchronously, before the first await.
 */
async function openGradientSession(weights: Esr9Weights, runtime: Runtime, ort: Ort): Promise<GradientSession> {
  removeRetiredEntries();
  const model = buildGradientModel(weights, runtime.backend === 'cpu');
  const session = await createOrtSession(
    { name: 'esr9-gradients', id: null, build: () => model.bytes },
    runtime,
    'ESR-9 Grad-CAM',
  );
  const feeds = Object.fromEntries(model.weights.map((w) => [w.name, new ort.Tensor('float32', w.data, w.dims)]));
  return { session, feeds };
}

/**
 * The default engine: ONNX Runtime for Node, on a graph built in memory from the weights, on the
 * runtime's execution provider (CPU, WebGPU or CUDA); on the CPU the optimised graph is cached per weights
 * file. The Grad-CAM gradient graph gets its own session, opened by prepareGradients() or on first use (not
 * cached: see openGradientSession); the weights (and the file buffer behind them) are let go once it is open.
 * @example
 * const engine = await createOnnxEngine(weights, resolveRuntime(resolveOptions()));
 */
export async function createOnnxEngine(weights: Esr9Weights, runtime: Runtime): Promise<Esr9Engine> {
  const ort = await loadOrt();
  const calibration =
    settleEsr9Precision(runtime, Boolean(weights.calibration), CALIBRATION_FILE) === 'int8'
      ? weights.calibration!
      : null;
  let stored: Esr9Weights | null = weights;
  const source = calibration
    ? {
        name: 'esr9-int8',
        id: `${weights.source}:${JSON.stringify(calibration.ranges)}`,
        build: () => buildInt8OnnxModel(stored!, calibration),
      }
    : { name: 'esr9', id: weights.source, build: () => buildOnnxModel(stored!) };
  const session = await createOrtSession(source, runtime, 'ESR-9');
  let gradientSession: Promise<GradientSession> | null = null;
  const openGradients = (): Promise<GradientSession> => {
    if (!gradientSession) {
      gradientSession = openGradientSession(stored!, runtime, ort);
      gradientSession.catch(() => undefined); // reported by gradients(), not as an unhandled rejection
      stored = null;
    }
    return gradientSession;
  };
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
        logits: stackBranches(
          branches.map((b) => take(`logits_${b}`)),
          n,
          NUM_EMOTIONS,
        ),
        affect: stackBranches(
          branches.map((b) => take(`affect_${b}`)),
          n,
          NUM_AFFECT,
        ),
      };
      if (withShared) result.shared = Float32Array.from(take('shared'));
      for (const t of Object.values(out)) t.dispose?.();
      return result;
    },
    async gradients(shared: Float32Array, n: number, targets: number[][]): Promise<Float32Array[]> {
      const { session: gradient, feeds } = await openGradients();
      const side = sharedSize(size);
      const feed = {
        ...feeds,
        shared: new ort.Tensor('float32', shared, [n, SHARED_CHANNELS, side, side]),
        target: new ort.Tensor('float32', oneHotTargets(targets), [n, NUM_BRANCHES, NUM_EMOTIONS]),
      };
      const out = await gradient.run(feed);
      const grads = branches.map((b) => Float32Array.from(out[`grad_${b}`].data as Float32Array));
      for (const t of Object.values(out)) t.dispose?.();
      return grads;
    },
    prepareGradients(): void {
      openGradients();
    },
    async dispose(): Promise<void> {
      await session.release();
      if (gradientSession) await (await gradientSession.catch(() => null))?.session.release();
    },
  };
}
