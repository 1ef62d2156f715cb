import type { FrameSink, RunEnd } from '../../output/frame-sink.js';
import { frameJson } from '../../output/row-sinks.js';
import { summarySink } from '../../output/summary-sink.js';
import type { VideoSummary } from '../../pipeline/video-summary.js';
import type { Io } from './terminal-io.js';
import { startProgress } from './progress.js';

/**
 * `--json`: one JSON line per frame on stdout.
 * @example
 * const sink = jsonStdoutSink(io);
 */
export function jsonStdoutSink(io: Io): FrameSink {
  return { onFrame: (f) => io.out(JSON.stringify(frameJson(f)) + '\n'), close: () => undefined, files: () => [] };
}

/**
 * `fer webcam`: one short line per analysed frame on stdout.
 * @example
 * consoleSink(io).onFrame(frame); // "1.20s face 1 Happy A 0.31 V 0.52"
 */
export function consoleSink(io: Io): FrameSink {
  return {
    onFrame: ({ time, result, faceIds }) => {
      const list = result.faces
        .map((f, i) => `face ${faceIds[i]} ${f.emotion} A ${f.arousal.toFixed(2)} V ${f.valence.toFixed(2)}`)
        .join('; ');
      io.out(`${time.toFixed(2)}s ${list || 'no face'}\n`);
    },
    close: () => undefined,
    files: () => [],
  };
}

/**
 * A progress bar over the expected number of frames, drawn through `io.err`.
 * @example
 * const sink = progressSink(io, 150);
 */
export function progressSink(io: Io, total: number): FrameSink {
  const bar = startProgress(io, 'frames {bar} {value}/{total} | {speed} frames/s | ETA {eta}s', total, {
    speed: '0.0',
  });
  const started = Date.now();
  return {
    onFrame: (f) =>
      bar.update(Math.min(total, f.index + 1), {
        speed: ((f.index + 1) / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(1),
      }),
    close: () => bar.stop(),
    files: () => [],
  };
}

/**
 * A readable summary, with a last line when the input ended early.
 * @example
 * io.out(formatSummary(summary, null));
 */
export function formatSummary(s: VideoSummary, endedEarly: RunEnd['endedEarly']): string {
  const shares = Object.entries(s.emotionShare)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([l, v]) => `${l} ${(v * 100).toFixed(1)}%`)
    .join(', ');
  return [
    `frames analysed: ${s.frames} (${s.framesWithFace} with a face), faces: ${s.faces}, distinct face ids: ${s.faceIds}`,
    `emotions: ${shares || 'none'}`,
    `mean arousal: ${s.meanArousal === null ? 'n/a' : s.meanArousal.toFixed(3)}, mean valence: ${s.meanValence === null ? 'n/a' : s.meanValence.toFixed(3)}`,
    ...(endedEarly
      ? [
          `input ended early: analysed up to t = ${endedEarly.analysedUpTo.toFixed(2)} s of ${endedEarly.duration.toFixed(2)} s`,
        ]
      : []),
  ].join('\n');
}

/**
 * Totals over the run, printed on stdout when it completes (text, or one JSON line with `--json`).
 * @example
 * const sink = printSummarySink(io, fer.labels, false);
 */
export function printSummarySink(io: Io, labels: string[], json: boolean): FrameSink {
  const summary = summarySink(labels);
  return {
    onFrame: (f) => summary.onFrame(f),
    close: (end) => {
      if (!end.completed) return;
      const s = summary.result();
      if (json) io.out(JSON.stringify({ summary: end.endedEarly ? { ...s, endedEarly: end.endedEarly } : s }) + '\n');
      else io.out(formatSummary(s, end.endedEarly) + '\n');
    },
    files: () => [],
  };
}
