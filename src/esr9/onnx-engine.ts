import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FerError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { INPUT_SIZE, NUM_BRANCHES } from './definition.js';
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

const require = createRequire(import.meta.url);

/** Whether onnxruntime-node's CUDA provider library is installed (Linux; other platforms are left to ORT). */
function hasCudaProvider(): boolean {
  if (process.platform !== 'linux') return true;
  const bin = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', 'linux', process.arch);
  return existsSync(join(bin, 'libonnxruntime_providers_cuda.so'));
}

/** Open an inference session on the requested execution provider. */
async function openSession(model: Uint8Array, options: ResolvedOptions): Promise<ort.InferenceSession> {
  const provider = options.backend === 'cuda' ? 'cuda' : 'cpu';
  const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders: [provider], graphOptimizationLevel: 'all', logSeverityLevel: 4 };
  if (options.threads > 0) sessionOptions.intraOpNumThreads = options.threads;
  try {
    if (provider === 'cuda' && !hasCudaProvider()) throw new Error('CUDA provider library not installed');
    return await ort.InferenceSession.create(model, sessionOptions);
  } catch (e) {
    if (provider === 'cuda') {
      throw new FerError('ENGINE_UNAVAILABLE', 'the onnx engine cannot use CUDA on this machine', 'reinstall onnxruntime-node with its CUDA 12 provider (ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node, needs CUDA 12 and network), or drop -c', { cause: e });
    }
    throw new FerError('MODEL_INVALID', `ONNX Runtime rejected the ESR-9 graph: ${(e as Error).message}`, 'report this with the weights file used', { cause: e });
  }
}

/**
 * The default engine: ONNX Runtime for Node, on a graph built in memory from the weights.
 * @example
 * const engine = await createOnnxEngine(weights, resolveOptions());
 */
export async function createOnnxEngine(weights: Esr9Weights, options: ResolvedOptions): Promise<Esr9Engine> {
  const session = await openSession(buildOnnxModel(weights), options);
  const branches = Array.from({ length: NUM_BRANCHES }, (_, b) => b);
  return {
    name: `onnx/${options.backend === 'cuda' ? 'cuda' : 'cpu'}`,
    async run(input: Float32Array, n: number, withFeatures: boolean): Promise<Esr9Output> {
      const fetches = branches.flatMap((b) => [`logits_${b}`, `affect_${b}`, ...(withFeatures ? [`features_${b}`] : [])]);
      const feed = new ort.Tensor('float32', input, [n, 3, INPUT_SIZE, INPUT_SIZE]);
      const out = await session.run({ input: feed }, fetches);
      const take = (name: string): Float32Array => out[name].data as Float32Array;
      const result: Esr9Output = {
        logits: stackBranches(branches.map((b) => take(`logits_${b}`)), n, 8),
        affect: stackBranches(branches.map((b) => take(`affect_${b}`)), n, 2),
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
