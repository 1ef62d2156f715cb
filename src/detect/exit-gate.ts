/**
 * A gate shared by the main thread and the detector's worker thread, so that the process never ends
 * that thread while it is inside ONNX Runtime. Ending a worker (process.exit(), an uncaught error, a
 * second Ctrl+C, worker.terminate()) stops its JavaScript at once; onnxruntime-node then fails to hand
 * back the result of the native call in progress and throws a C++ exception nobody catches: the whole
 * process aborts (`terminate called after throwing an instance of 'Napi::Error'`, exit 134). The worker
 * holds the gate around every native call; the main thread, on its way out, closes the gate and waits
 * (blocking, bounded) for the call in progress to return.
 */

/** Gate states: no native call in progress, one in progress, closed for good. */
const IDLE = 0;
const BUSY = 1;
const CLOSED = 2;

/** The longest the main thread waits at exit for a native call to return (a stuck call must not hang the exit). */
const EXIT_WAIT_MS = 10_000;

/**
 * A new gate, held (BUSY) from the start: the worker opens its session as soon as it starts.
 * @example
 * const gate = createExitGate(); new Worker(file, { workerData: { gate } });
 */
export function createExitGate(): Int32Array {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  gate[0] = BUSY;
  return gate;
}

/**
 * Worker side: take the gate for one native call; false when the gate is closed (the process is ending).
 * @example
 * if (enterGate(gate)) try { await session.run(feeds); } finally { leaveGate(gate); }
 */
export function enterGate(gate: Int32Array): boolean {
  return Atomics.compareExchange(gate, 0, IDLE, BUSY) !== CLOSED;
}

/**
 * Worker side: the native call has returned; wake a main thread waiting to exit.
 * @example
 * leaveGate(gate);
 */
export function leaveGate(gate: Int32Array): void {
  Atomics.compareExchange(gate, 0, BUSY, IDLE);
  Atomics.notify(gate, 0);
}

/**
 * Main-thread side: close the gate, first waiting (blocking, at most `waitMs`) for a native call in
 * progress to return. After it, the worker starts no native call and can be ended safely.
 * @example
 * closeGate(gate); await worker.terminate();
 */
export function closeGate(gate: Int32Array, waitMs = EXIT_WAIT_MS): void {
  const deadline = Date.now() + waitMs;
  while (Atomics.compareExchange(gate, 0, IDLE, CLOSED) === BUSY) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    Atomics.wait(gate, 0, BUSY, left);
  }
}

/** The gates of the detector threads still running; one 'exit' listener closes them all. */
const open = new Set<Int32Array>();

/** At process exit: close every open gate, each after its native call in progress has returned. */
function closeOpenGates(): void {
  for (const gate of open) closeGate(gate);
}

/**
 * Main-thread side: make the process's exit wait for `gate` (closing it) until the returned function is
 * called (the thread has ended). One 'exit' listener serves every recognizer open at once.
 * @example
 * const release = holdExitFor(gate); worker.once('exit', release);
 */
export function holdExitFor(gate: Int32Array): () => void {
  if (open.size === 0) process.on('exit', closeOpenGates);
  open.add(gate);
  return () => {
    if (!open.delete(gate)) return;
    if (open.size === 0) process.removeListener('exit', closeOpenGates);
  };
}
