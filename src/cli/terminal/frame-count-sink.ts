import { startProgress } from './progress.js';
import type { FrameSink } from '../../output/frame-sink.js';
import type { Io } from './terminal-io.js';

/**
 * Progress for a video whose length is unknown (no duration in its header): frames done and frames
 * per second, drawn through `io.err`, with no bar or ETA.
 * @example
 * sinks.unshift(total ? progressSink(io, total) : frameCountSink(io));
 */
export function frameCountSink(io: Io): FrameSink {
  const line = startProgress(io, 'frames {value} | {speed} frames/s', 0, { speed: '0.0' });
  const started = Date.now();
  const rate = (frames: number): string => (frames / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(1);
  return {
    onFrame: (f) => line.update(f.index + 1, { speed: rate(f.index + 1) }),
    close: () => line.stop(),
    files: () => [],
  };
}
