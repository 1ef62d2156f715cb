import { EXIT } from './exit-codes.js';

/** Exit code for each signal that stops a run (128 + the signal number, as shells report it). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED };

/** Ctrl+C and SIGTERM, caught for the length of a run. */
export interface SignalWatch {
  /** Aborted when the first signal comes. */
  signal: AbortSignal;
  /** The first signal received, or null. */
  received(): NodeJS.Signals | null;
  /** Remove the handlers. */
  dispose(): void;
}

/**
 * Abort on SIGINT or SIGTERM, remembering which came, so a run can stop cleanly and save its results.
 * @example
 * const signals = watchSignals(); try { ... if (signals.received()) break; } finally { signals.dispose(); }
 */
export function watchSignals(): SignalWatch {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      received ??= name;
      controller.abort();
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, received: () => received, dispose: () => handlers.forEach(([name, h]) => process.removeListener(name, h)) };
}

/**
 * The exit code of a run stopped by a signal (130 for SIGINT, 143 for SIGTERM).
 * @example
 * signalExitCode('SIGTERM'); // 143
 */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? EXIT.INTERRUPTED;
}
