import { killFfmpegChildren } from '../io/ffmpeg-children.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** Exit code for each signal that stops a run (128 + the signal number, as shells report it). */
export const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED };

/**
 * Watch SIGINT and SIGTERM for a run: the first aborts `signal` (the run stops cleanly, results
 * saved); a second one, for a run that does not stop, kills every ffmpeg child and exits the process
 * at once with the first signal's code — the one place outside bin/ where the CLI exits by itself, so
 * that no signal leaves ffmpeg running. `dispose` removes the handlers.
 * @example
 * const signals = watchSignals(io); try { await work(signals.signal); } finally { signals.dispose(); }
 */
export function watchSignals(io: Io): { signal: AbortSignal; received(): NodeJS.Signals | null; dispose(): void } {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = (): void => {
      if (received) {
        io.err(`fer: stopping at once (${name} again)\n`);
        killFfmpegChildren();
        process.exit(SIGNAL_EXIT[received] ?? EXIT.INTERRUPTED);
      }
      received = name;
      controller.abort(new Error(`interrupted by ${name}`));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, received: () => received, dispose: () => handlers.forEach(([name, h]) => process.removeListener(name, h)) };
}
