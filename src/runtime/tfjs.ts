import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FerError } from '../errors.js';

const require = createRequire(import.meta.url);

/** face-api's node-wasm bundle, which re-exports the @tensorflow/tfjs instance it uses as `tf`. */
export type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
/** The shared TensorFlow.js namespace (with tfjs-backend-wasm's exports). */
export type Tf = typeof import('@tensorflow/tfjs') & {
  setWasmPaths?(prefix: string, usePlatformFetch?: boolean): void;
};

/** The packages the tfjs engine needs: devDependencies and optional peers of fer, so not installed for consumers. */
export const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] as const;

/**
 * Throw ENGINE_UNAVAILABLE, naming the install command, unless every package of the tfjs engine resolves.
 * @param resolve resolves a module id or throws (injectable, so that tests can simulate an absent package)
 * @example
 * assertTfjsInstalled(); // throws FerError ENGINE_UNAVAILABLE when @tensorflow/tfjs is not installed
 */
export function assertTfjsInstalled(resolve: (id: string) => string = require.resolve): void {
  const missing = TFJS_PACKAGES.filter((name) => {
    try {
      resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) {
    throw new FerError(
      'ENGINE_UNAVAILABLE',
      `the tfjs engine needs ${missing.join(' and ')}, which fer does not install by default`,
      `npm i ${TFJS_PACKAGES.map((name) => `${name}@4`).join(' ')}, or use --engine onnx (the default)`,
    );
  }
}

/**
 * Load face-api (node-wasm build) and its tf instance; ENGINE_UNAVAILABLE when tfjs is not installed.
 * @example
 * const faceapi = loadFaceApi(); new faceapi.SsdMobilenetv1();
 */
export function loadFaceApi(): FaceApi {
  assertTfjsInstalled();
  return require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
}

/** Register the native TensorFlow binding (@tensorflow/tfjs-node or -gpu); false when neither is installed. */
function registerNative(): boolean {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      require(name);
      return true;
    } catch {
      /* not installed: try the next one */
    }
  }
  return false;
}

/**
 * Select and initialise a resolved tf backend ('wasm', 'tensorflow', 'cpu') on face-api's tf instance,
 * the one tfjs runtime of the process: tf keeps one active backend, so the first choice wins.
 * @example
 * const { tf, backend } = await loadTf('wasm');
 */
export async function loadTf(want: string): Promise<{ tf: Tf; backend: string }> {
  const faceapi = loadFaceApi();
  const tf = faceapi.tf as unknown as Tf;
  if (want === 'tensorflow' && !tf.findBackendFactory('tensorflow') && !registerNative()) {
    throw new FerError(
      'ENGINE_UNAVAILABLE',
      'the tfjs "tensorflow" backend is not installed',
      'npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA), or use --backend wasm',
    );
  }
  if (want === 'wasm')
    tf.setWasmPaths?.(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  if (tf.getBackend?.() !== want) {
    let ok = false;
    let cause: unknown;
    try {
      ok = await tf.setBackend(want);
    } catch (e) {
      cause = e;
    }
    if (!ok)
      throw new FerError(
        'ENGINE_UNAVAILABLE',
        `the tfjs backend "${want}" failed to initialise`,
        'try --backend wasm or --engine onnx',
        { cause },
      );
  }
  await tf.ready();
  return { tf, backend: tf.getBackend() };
}
