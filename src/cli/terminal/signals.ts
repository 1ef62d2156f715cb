import { killFfmpegChildren } from '../../io/ffmpeg-children.js';
import { EXIT } from './exit-codes.js';
import { type Io, STDOUT_CLOSED } from './terminal-io.js';

/** Exit code for each signal that stops a run (128 + the signal number, as shells report it). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: EXIT.INTERRUPTED,
  SIGTERM: EXIT.TERMINATED,
  SIGPIPE: EXIT.STDOUT_CLOSED,
};

/** How long a run may still take to save its files after the second signal before fer exits without them. */
const SECOND_SIGNAL_GRACE_MS = 10_000;

/** Ctrl+C and SIGTERM, caught for the length of a run. */
export interface SignalWatch {
  /** Aborted when the first signal comes. */
  signal: AbortSignal;
  /** The first signal received, or null. */
  received(): NodeJS.Signals | null;
  /** Remove the handlers (the run has ended; a later signal ends the process as Node does). */
  dispose(): void;
}

/** What a run does at each signal. */
export interface SignalSteps {
  /** The line printed at the first signal (none when null). */
  first?: string | null;
  /** Called at the first signal, besides aborting `signal`. */
  onFirst?(): void;
  /** The line printed at the second signal. */
  second?: string;
  /** Called at the second signal (default: kill every ffmpeg child, so nothing waits on a decoder). */
  onSecond?(): void;
}

/** The first signal's stderr line of a run that saves files. */
const SAVING = (name: string): string =>
  name === 'SIGPIPE'
    ? "stopping: the program reading fer's output has ended (SIGPIPE); saving the results so far"
    : `stopping (${name}): saving the results so far; ${name} again to stop at once`;

/**
 * The one place fer handles SIGINT and SIGTERM (and STDOUT_CLOSED, emitted by processIo() when stdout's reader has
 * gone; reported as SIGPIPE, never the kernel's SIGPIPE, which a killed encoder's pipe also raises). The first signal aborts `signal` (the run stops and saves
 * its results, then reports them); the second stops at once what can be stopped (`onSecond`: by default
 * every ffmpeg child) while the run still closes its files, releases its lock and ends with the first
 * signal's code. Only a run that has not ended 10 s after the second signal, or a third signal, makes fer
 * exit without its files: the recognizer's detector thread still holds that exit until it is outside
 * native code, so no signal ever ends fer with a native abort.
 * @example
 * const signals = watchSignals(io); try { ... if (signals.received()) break; } finally { signals.dispose(); }
 */
export function watchSignals(io: Pick<Io, 'err'>, steps: SignalSteps = {}): SignalWatch {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  let count = 0;
  let grace: NodeJS.Timeout | null = null;
  const exitNow = (why: string): void => {
    io.err(`fer: ${why}: exiting without saving the rest\n`);
    process.exit(signalExitCode(received as NodeJS.Signals));
  };
  const handler = (name: NodeJS.Signals): void => {
    count += 1;
    if (count === 1) {
      received = name;
      if (steps.first !== null) io.err(`${steps.first ?? SAVING(name)}\n`);
      controller.abort(new Error(`interrupted by ${name}`));
      steps.onFirst?.();
    } else if (count === 2) {
      io.err(`${steps.second ?? `fer: stopping at once (${name} again): closing the files written so far`}\n`);
      (steps.onSecond ?? killFfmpegChildren)();
      grace = setTimeout(
        () => exitNow(`still not stopped ${SECOND_SIGNAL_GRACE_MS / 1000} s after the second signal`),
        SECOND_SIGNAL_GRACE_MS,
      ).unref();
    } else exitNow(`${name} a third time`);
  };
  const listeners = [
    ['SIGINT', () => handler('SIGINT')],
    ['SIGTERM', () => handler('SIGTERM')],
    [STDOUT_CLOSED, () => handler('SIGPIPE')],
  ] as const;
  for (const [name, listener] of listeners) process.on(name, listener);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      if (grace) clearTimeout(grace);
      for (const [name, listener] of listeners) process.removeListener(name, listener);
    },
  };
}

/**
 * Resolve at the first SIGINT or SIGTERM (a page served until Ctrl+C); a later signal ends the process as Node does.
 * @example
 * await untilSignal(); await server.close();
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const watch = watchSignals(
      { err: () => undefined },
      {
        first: null,
        onFirst: () => {
          watch.dispose();
          resolve(watch.received() as NodeJS.Signals);
        },
      },
    );
  });
}

/**
 * The exit code of a run stopped by a signal (130 for SIGINT, 143 for SIGTERM).
 * @example
 * signalExitCode('SIGTERM'); // 143
 */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? EXIT.INTERRUPTED;
}
