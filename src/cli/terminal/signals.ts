import { killFfmpegChildren } from '../../io/ffmpeg-children.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './terminal-io.js';

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
 * A second signal, for a run that does not stop, kills every ffmpeg child and exits at once with the first
 * signal's code: the one place outside bin/ where the CLI exits by itself, so no signal leaves ffmpeg running.
 * @example
 * const signals = watchSignals(io); try { ... if (signals.received()) break; } finally { signals.dispose(); }
 */
export function watchSignals(io: Io): SignalWatch {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      if (received) {
        io.err(`fer: stopping at once (${name} again)\n`);
        killFfmpegChildren();
        process.exit(signalExitCode(received));
      }
      received = name;
      controller.abort(new Error(`interrupted by ${name}`));
    };
    process.on(name, handler);
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
