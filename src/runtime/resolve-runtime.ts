import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FerError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { checkPrecision, type PrecisionRequest } from '../precision.js';
import { invalidParameterError } from '../validate.js';

const require = createRequire(import.meta.url);

/** The concrete runtime every model runs on: resolved once, then handed to the engines and the detector. */
export interface Runtime {
  /** 'onnx' (ONNX Runtime) or 'tfjs' (TensorFlow.js, with face-api's SSD). */
  engine: 'onnx' | 'tfjs';
  /** onnx: 'cpu' | 'webgpu' | 'cuda'; tfjs: 'wasm' | 'tensorflow' | 'cpu'. Never 'auto'. */
  backend: string;
  /** Whether the backend runs on a GPU. */
  gpu: boolean;
  /** CPU threads of each ONNX Runtime session; 0 = half the cores each (sessionThreads()). */
  threads: number;
  /** ESR-9's arithmetic: 'int8' (quantised graph; onnx on the CPU only) or 'fp32'. */
  precision: 'fp32' | 'int8';
  /** The SSD detector's arithmetic: 'int8' only when asked for by name (its boxes move; see README). */
  detectorPrecision: 'fp32' | 'int8';
  /** Whether int8 was asked for by name (then a model that cannot run in int8 is an error, not a fallback). */
  explicitPrecision: boolean;
}

/**
 * Whether this CPU has int8 dot-product instructions (AVX-VNNI or AVX512-VNNI), on which ONNX Runtime's int8
 * kernels beat float32; read from /proc/cpuinfo on Linux, false elsewhere (not measured there).
 * @example
 * hasInt8DotProduct(); // true on a Zen 4 or Ice Lake server
 */
export function hasInt8DotProduct(cpuinfo = readCpuinfo()): boolean {
  return /^flags\s*:.*\b(avx512_vnni|avx_vnni)\b/m.test(cpuinfo);
}

/** The CPU description of Linux, or '' where there is none. */
function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/**
 * Whether onnxruntime-node's CUDA provider library is installed (on Linux it is a separate download;
 * elsewhere ONNX Runtime reports it when the session opens).
 * @example
 * hasCudaProvider(); // false with the registry package alone
 */
export function hasCudaProvider(): boolean {
  if (process.platform !== 'linux') return false;
  const bin = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', 'linux', process.arch);
  return existsSync(join(bin, 'libonnxruntime_providers_cuda.so'));
}

/** Whether the native TensorFlow binding (@tensorflow/tfjs-node or -gpu) can be resolved. */
function hasNativeTf(): boolean {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      require.resolve(name);
      return true;
    } catch {
      /* not installed: try the next one */
    }
  }
  return false;
}

/** The onnx backend for a request: auto is the CPU, or with --gpu CUDA when installed, else WebGPU. */
function onnxBackend(backend: string, gpu: boolean): string {
  if (backend === 'auto') return gpu ? (hasCudaProvider() ? 'cuda' : 'webgpu') : 'cpu';
  return backend;
}

/** The tfjs backend for a request: auto is native TensorFlow when installed, else WebAssembly. */
function tfjsBackend(backend: string, gpu: boolean): string {
  return backend === 'auto' ? (gpu || hasNativeTf() ? 'tensorflow' : 'wasm') : backend;
}

/**
 * ESR-9's arithmetic once its weights are loaded: int8 needs their int8 calibration. Without one, a runtime
 * that chose int8 by itself (precision auto) runs fp32, and one asked for int8 by name is MODEL_MISSING.
 * @example
 * settleEsr9Precision(runtime, weights.calibration != null); // 'int8' or 'fp32'
 */
export function settleEsr9Precision(
  runtime: Runtime,
  calibrated: boolean,
  calibrationFile = 'the int8 calibration',
): 'int8' | 'fp32' {
  if (runtime.precision !== 'int8' || calibrated) return runtime.precision;
  if (!runtime.explicitPrecision) return 'fp32';
  throw new FerError(
    'MODEL_MISSING',
    `no int8 calibration (${calibrationFile}) for these ESR-9 weights`,
    'use --precision fp32, or create it with training/calibrate_int8.py',
  );
}

/**
 * Resolve engine, backend and device once into a concrete runtime (the only place precision and 'auto' are decided,
 * with settleEsr9Precision() once the weights are known).
 * @example
 * resolveRuntime(resolveOptions({ gpu: true }));
 * // { engine: 'onnx', backend: 'webgpu', gpu: true, threads: 0, precision: 'fp32', detectorPrecision: 'fp32', … }
 */
export function resolveRuntime(options: PrecisionRequest & Pick<ResolvedOptions, 'threads'>): Runtime {
  checkPrecision(options);
  const backend =
    options.engine === 'onnx' ? onnxBackend(options.backend, options.gpu) : tfjsBackend(options.backend, options.gpu);
  const gpu = ['webgpu', 'cuda'].includes(backend) || (options.engine === 'tfjs' && options.gpu);
  const asked = options.precision ?? 'auto';
  const int8 =
    options.engine === 'onnx' && backend === 'cpu' && (asked === 'int8' || (asked === 'auto' && hasInt8DotProduct()));
  return {
    engine: options.engine,
    backend,
    gpu,
    threads: options.threads,
    precision: int8 ? 'int8' : 'fp32',
    detectorPrecision: int8 && asked === 'int8' ? 'int8' : 'fp32',
    explicitPrecision: asked !== 'auto',
  };
}
