import { createSummary, type VideoSummary } from '../pipeline/video-summary.js';
import type { FrameSink } from './frame-sink.js';

/**
 * Totals over the run (frames, faces, share of each emotion, mean arousal/valence), read with `result()`.
 * @example
 * const summary = summarySink(fer.labels); ...; summary.result().frames;
 */
export function summarySink(labels: string[]): FrameSink & { result(): VideoSummary } {
  const summary = createSummary(labels);
  return {
    onFrame: (f) => summary.add(f.time, f.result, f.faceIds),
    close: () => undefined,
    files: () => [],
    result: () => summary.result(),
  };
}
