/**
 * Worker-thread entry: runs the ONNX SSD detector off the main thread, one request at a time, in order;
 * the dispose request releases the session after the detections before it, then ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FerError } from '../errors.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import type { RawImage } from '../types.js';
import type { DetectorOptions } from './detector.js';
import { createOnnxSsdDetector } from './onnx-ssd.js';

/** A failure as plain data: FerError fields, and the stack of its cause, survive the thread boundary. */
function toMessage(e: unknown): { code?: string; message: string; hint?: string; cause?: string } {
  const stack = (x: unknown): string | undefined => (x === undefined ? undefined : String((x as Error)?.stack ?? x));
  if (e instanceof FerError) return { code: e.code, message: e.message, hint: e.hint, cause: stack(e.cause) };
  return { message: String((e as Error)?.message ?? e), cause: stack(e) };
}

const port = parentPort as NonNullable<typeof parentPort>;
const { runtime, options } = workerData as { runtime: Runtime; options: DetectorOptions };
try {
  const detector = await createOnnxSsdDetector(runtime, options);
  let queue = Promise.resolve();
  port.on('message', (m: { id: number; image?: RawImage }) => {
    queue = queue.then(async () => {
      if (!m.image) {
        await detector.dispose();
        port.close();
        return;
      }
      try {
        port.postMessage({ id: m.id, faces: await detector.detect(m.image) });
      } catch (e) {
        port.postMessage({ id: m.id, error: toMessage(e) });
      }
    });
  });
  port.postMessage({ id: 0, ready: true });
} catch (e) {
  port.postMessage({ id: 0, error: toMessage(e) });
}
