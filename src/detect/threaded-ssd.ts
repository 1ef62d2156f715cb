import { FerError, type FerErrorCode } from '../errors.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import type { RawImage } from '../types.js';
import type { Detection, Detector, DetectorOptions } from './detector.js';
import { createExitGate, holdExitFor } from './exit-gate.js';
import { startWorkerThread } from './start-worker-thread.js';

/** A reply from the worker. */
interface Reply {
  id: number;
  ready?: boolean;
  faces?: Detection[];
  error?: { code?: string; message: string; hint?: string; cause?: string };
}

/** Rebuild a worker's error on this side, its cause (with the worker's stack) included. */
function toError(e: NonNullable<Reply['error']>): Error {
  const options =
    e.cause === undefined ? undefined : { cause: Object.assign(new Error(e.cause.split('\n')[0]), { stack: e.cause }) };
  return e.code ? new FerError(e.code as FerErrorCode, e.message, e.hint, options) : new Error(e.message, options);
}

/**
 * The ONNX SSD detector in a worker thread, so that detection of one frame overlaps ESR-9 and
 * rendering of another on the main thread (onnxruntime-node runs sessions on the calling thread).
 * `dispose()` resolves only once the thread has released its session and ended. A process that ends
 * without it (process.exit(), an uncaught error, a script that forgets dispose()) first waits, in its
 * 'exit' event, for the thread to leave ONNX Runtime (see exit-gate.ts): ended inside it, the thread
 * would abort the whole process (`terminate called after throwing an instance of 'Napi::Error'`).
 * @example
 * const detector = await createThreadedSsdDetector(resolveRuntime(opts), { minConfidence: 0.5, largest: false });
 */
export async function createThreadedSsdDetector(runtime: Runtime, options: DetectorOptions): Promise<Detector> {
  const gate = createExitGate();
  const worker = startWorkerThread(new URL('./ssd-worker.js', import.meta.url), {
    workerData: {
      gate,
      runtime,
      options: { minConfidence: options.minConfidence, largest: options.largest, detectorSize: options.detectorSize },
    },
  });
  const releaseExit = holdExitFor(gate);
  const pending = new Map<number, { resolve(f: Detection[]): void; reject(e: Error): void }>();
  let next = 1;
  let failure: Error | null = null;
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker.unref();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: Reply) => {
      if (m.id === 0) return m.error ? reject(toError(m.error)) : resolve();
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) worker.unref();
      if (m.error) p?.reject(toError(m.error));
      else p?.resolve(m.faces as Detection[]);
    });
    worker.on('error', (e) => {
      reject(e);
      failAll(e);
    });
    worker.on('exit', () =>
      failAll(new FerError('DISPOSED', 'the face detector was disposed', 'create a new recognizer')),
    );
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      releaseExit();
      resolve();
    }),
  );
  try {
    await ready;
  } catch (e) {
    await worker.terminate(); // outside ONNX Runtime: the thread left the gate before it replied, or it has died
    throw e;
  }
  worker.unref();
  return {
    detect(image: RawImage): Promise<Detection[]> {
      if (failure) return Promise.reject(failure);
      const id = next++;
      worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({
          id,
          image: { width: image.width, height: image.height, channels: image.channels, data: image.data },
        });
      });
    },
    dispose(): Promise<void> {
      worker.ref();
      worker.postMessage({ id: -1 });
      return exited;
    },
  };
}
