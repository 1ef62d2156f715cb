import { createRequire } from 'node:module';
import type { Io } from './terminal-io.js';

/** cli-progress, required when the first bar starts: a single-image run never draws one and skips loading it. */
const require = createRequire(import.meta.url);

/** A progress bar drawn on `Io.err`. */
export interface Progress {
  update(value: number, payload?: Record<string, unknown>): void;
  increment(payload?: Record<string, unknown>): void;
  stop(): void;
}

/**
 * Start a progress bar that writes through `io.err` (nothing is drawn unless `io.isTTY`).
 * @example
 * const bar = startProgress(io, 'frames {bar} {value}/{total}', 120); bar.update(10); bar.stop();
 */
export function startProgress(io: Io, format: string, total: number, payload: Record<string, unknown> = {}): Progress {
  const stream = { isTTY: io.isTTY, columns: io.columns ?? 80, write: (text: string): boolean => (io.err(text), true) };
  const { SingleBar } = require('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({ format, stream: stream as unknown as NodeJS.WritableStream, hideCursor: false });
  bar.start(total, 0, payload);
  let stopped = false;
  return {
    update: (value, extra) => bar.update(value, extra ?? {}),
    increment: (extra) => bar.increment(1, extra ?? {}),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
