import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { FerError } from '../errors.js';
import { cachedModelPath, prepareCacheWrite, removeCacheEntry } from './model-cache.js';
import type { Runtime } from './resolve-runtime.js';
import { hasCudaProvider } from './resolve-runtime.js';

/** The onnxruntime-node module (loaded on first use, so commands that never run ONNX never load it). */
export type Ort = typeof import('onnxruntime-node');
/** An ONNX Runtime inference session. */
export type OrtSession = import('onnxruntime-node').InferenceSession;

const require = createRequire(import.meta.url);

/**
 * Load onnxruntime-node (through require(): its CommonJS entry imported as ESM costs export scanning).
 * @example
 * const ort = await loadOrt(); new ort.Tensor('float32', data, [1, 3]);
 */
export async function loadOrt(): Promise<Ort> {
  return require('onnxruntime-node') as Ort;
}

/** Why a GPU session could not open, as a clean ENGINE_UNAVAILABLE error. */
function gpuUnavailable(runtime: Runtime, cause: unknown): FerError {
  const message = String((cause as Error)?.message ?? cause);
  const detail = /Failed to get a WebGPU adapter[^\n]*/.exec(message)?.[0] ?? message.split('\n')[0];
  if (runtime.backend === 'cuda') {
    return new FerError(
      'ENGINE_UNAVAILABLE',
      `the onnx engine cannot use CUDA on this machine (${detail})`,
      `install ONNX Runtime's CUDA 12 provider (needs CUDA 12, cuDNN 9 and access to api.nuget.org): ONNXRUNTIME_NODE_INSTALL=cuda12 node "${require.resolve('onnxruntime-node/script/install.js')}"; or use --backend webgpu, or drop -c`,
      { cause },
    );
  }
  return new FerError(
    'ENGINE_UNAVAILABLE',
    `no usable GPU for the onnx engine's WebGPU backend (${detail})`,
    'needs a GPU with a Vulkan (Linux), Metal (macOS) or Direct3D 12 (Windows) driver; run without -c to use the CPU',
    { cause },
  );
}

/**
 * CPU threads per session: --threads when given, else half the cores, because the detector (in its
 * worker thread) and ESR-9 run side by side. Threads sleep rather than spin when idle, which keeps a
 * shared or loaded machine usable.
 * @example
 * sessionThreads({ engine: 'onnx', backend: 'cpu', gpu: false, threads: 0 }); // 1 on a 2-core machine
 */
export function sessionThreads(runtime: Runtime): number {
  return runtime.threads > 0 ? runtime.threads : Math.max(1, Math.floor(availableParallelism() / 2));
}

type SessionOptions = import('onnxruntime-node').InferenceSession.SessionOptions;

/** Session options that also save the optimised graph to `temp`, its weights (tensors over 1 KiB) to `dataName` beside it. */
function cacheWriteOptions(options: SessionOptions, temp: string, dataName: string): SessionOptions {
  const session = {
    ...(options.extra?.session as object),
    optimized_model_external_initializers_file_name: dataName,
    optimized_model_external_initializers_min_size_in_bytes: '1024',
  };
  return { ...options, optimizedModelFilePath: temp, extra: { ...options.extra, session } };
}

/** A model for a session: its name, an identity of its inputs for the graph cache (null: never cached), and how to build it. */
export interface ModelSource {
  name: string;
  id: string | null;
  build(): Uint8Array;
}

/**
 * Open an inference session on the runtime's execution provider. On the CPU, the graph ONNX Runtime
 * optimised the first time is cached (see model-cache.ts) and later sessions load it with no further
 * optimisation, which is most of a cold start's session cost; a stale or unreadable entry is rebuilt. Memory
 * patterns are off: they plan one block for all of a run's tensors, which cost the SSD 33 MB and made its
 * first two runs slow instead of one.
 * @param what names the model in errors, e.g. 'ESR-9' or 'face detector'
 * @example
 * const session = await createOrtSession({ name: 'esr9', id, build: () => buildOnnxModel(weights) }, runtime, 'ESR-9');
 */
export async function createOrtSession(source: ModelSource, runtime: Runtime, what: string): Promise<OrtSession> {
  const ort = await loadOrt();
  const providers = runtime.backend === 'cpu' ? ['cpu'] : [runtime.backend, 'cpu'];
  const options: SessionOptions = {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 4,
    enableMemPattern: false,
    intraOpNumThreads: sessionThreads(runtime),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const cached =
    runtime.backend === 'cpu' && source.id ? cachedModelPath(source.name, source.id, ort.env.versions.common) : null;
  if (cached && existsSync(cached)) {
    try {
      return await ort.InferenceSession.create(cached, { ...options, graphOptimizationLevel: 'disabled' });
    } catch {
      removeCacheEntry(cached);
    }
  }
  const write = cached ? prepareCacheWrite(cached) : null;
  try {
    if (runtime.backend === 'cuda' && !hasCudaProvider()) throw new Error('CUDA provider library not installed');
    const session = await ort.InferenceSession.create(
      source.build(),
      write?.temp ? cacheWriteOptions(options, write.temp, write.dataName) : options,
    );
    write?.publish(true);
    return session;
  } catch (e) {
    write?.publish(false);
    if (runtime.gpu) throw gpuUnavailable(runtime, e);
    throw new FerError(
      'MODEL_INVALID',
      `ONNX Runtime rejected the ${what} graph: ${(e as Error).message}`,
      'report this with the weights file used',
      { cause: e },
    );
  }
}
