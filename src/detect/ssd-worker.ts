/**
 * Worker-thread entry: runs the ONNX SSD detector off the main thread, one request at a time, in order;
 * the dispose request releases the session after the detections before it, then ends the thread. Every
 * call into ONNX Runtime (opening the session and its warm-up, each detection, the release) is made
 * holding the exit gate (exit-gate.ts), so the process never ends this thread in the middle of one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FerError } from '../errors.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import type { RawImage } from '../types.js';
import type { DetectorOptions } from './detector.js';
import { enterGate, leaveGate } from './exit-gate.js';
import { createOnnxSsdDetector } from './onnx-ssd.js';

/** A failure as plain data: FerError fields, and the stack of its cause, survive the thread boundary. */
function toMessage(e: unknown): { code?: string; message: string; hint?: string; cause?: string } {
  const stack = (x: unknown): string | undefined => (x === undefined ? undefined : String((x as Error)?.stack ?? x));
  if (e instanceof FerError) return { code: e.code, message: e.message, hint: e.hint, cause: stack(e.cause) };
  return { message: String((e as Error)?.message ?? e), cause: stack(e) };
}

const port = parentPort as NonNullable<typeof parentPort>;
const { runtime, options, gate } = workerData as { runtime: Runtime; options: DetectorOptions; gate: Int32Array };
const closing = new FerError(
  'DISPOSED',
  'the face detector was disposed: the process is exiting',
  'create a new recognizer',
);
try {
  const detector = await createOnnxSsdDetector(runtime, options); // the gate is held from the thread's start
  await detector.warmed;
  leaveGate(gate);
  let queue = Promise.resolve();
  port.on('message', (m: { id: number; image?: RawImage }) => {
    queue = queue.then(async () => {
      if (!enterGate(gate)) {
        if (m.image) port.postMessage({ id: m.id, error: toMessage(closing) });
        return;
      }
      try {
        if (!m.image) {
          await detector.dispose();
          port.close();
          return;
        }
        port.postMessage({ id: m.id, faces: await detector.detect(m.image) });
      } catch (e) {
        port.postMessage({ id: m.id, error: toMessage(e) });
      } finally {
        leaveGate(gate);
      }
    });
  });
  port.postMessage({ id: 0, ready: true });
} catch (e) {
  leaveGate(gate);
  port.postMessage({ id: 0, error: toMessage(e) });
}
