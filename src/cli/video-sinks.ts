import { join } from 'node:path';
import type { AnalysedFrame } from '../pipeline/analyse-video.js';
import { createSummary, type VideoSummary } from '../pipeline/video-summary.js';
import { toJsonResult, videoCsvHeader, videoCsvRows } from '../render/csv.js';
import { openRowsFile } from '../io/rows-file.js';
import type { Io } from './io.js';
import { startProgress } from './progress.js';

/** How a video run ended, handed to every sink's `close`. */
export interface RunEnd {
  /** False when the run failed with an error (sinks then only release what they hold). */
  completed: boolean;
  /** The signal that stopped the run early, or null. */
  signal: NodeJS.Signals | null;
  /** Set when the input ended before its stated duration (a truncated or damaged file). */
  endedEarly: { analysedUpTo: number; duration: number } | null;
}

/** One consumer of analysed frames: a file, the terminal, the live page. */
export interface FrameSink {
  /** Take one analysed frame, in order. */
  onFrame(frame: AnalysedFrame): Promise<void> | void;
  /** Flush and release; called exactly once, also after a failure. */
  close(end: RunEnd): Promise<void> | void;
  /** Names of the files written so far, for the closing message. */
  files(): string[];
}

/**
 * Close every sink in order even when one fails; resolves with the first failure, or null.
 * @example
 * const failure = await closeSinks(sinks, { completed: true, signal: null, endedEarly: null });
 */
export async function closeSinks(sinks: FrameSink[], end: RunEnd): Promise<unknown> {
  let failure: unknown = null;
  for (const sink of sinks) {
    try {
      await sink.close(end);
    } catch (e) {
      failure ??= e;
    }
  }
  return failure;
}

/** One frame as a JSON object with face ids. */
function frameJson(frame: AnalysedFrame): string {
  const faces = (toJsonResult(frame.result) as { faces: object[] }).faces.map((f, i) => ({ id: frame.faceIds[i], ...f }));
  return JSON.stringify({ frame: frame.index, time: frame.time, faces });
}

/**
 * `<stem>_fer.csv`: the reference columns, one row per face, written as each frame arrives.
 * @example
 * const sink = csvSink('out', 'clip');
 */
export function csvSink(dir: string, stem: string): FrameSink {
  const name = `${stem}_fer.csv`;
  const file = openRowsFile(join(dir, name), videoCsvHeader());
  return { onFrame: (f) => file.append(videoCsvRows(f.time, f.result, f.faceIds).join('\n')), close: () => file.close(), files: () => [name] };
}

/**
 * `<stem>_fer.jsonl`: one JSON line per analysed frame.
 * @example
 * const sink = jsonLinesSink('out', 'clip');
 */
export function jsonLinesSink(dir: string, stem: string): FrameSink {
  const name = `${stem}_fer.jsonl`;
  const file = openRowsFile(join(dir, name));
  return { onFrame: (f) => file.append(frameJson(f)), close: () => file.close(), files: () => [name] };
}

/**
 * `--json`: one JSON line per frame on stdout.
 * @example
 * const sink = jsonStdoutSink(io);
 */
export function jsonStdoutSink(io: Io): FrameSink {
  return { onFrame: (f) => io.out(frameJson(f) + '\n'), close: () => undefined, files: () => [] };
}

/**
 * `fer webcam`: one short line per analysed frame on stdout.
 * @example
 * consoleSink(io).onFrame(frame); // "1.20s face 1 Happy A 0.31 V 0.52"
 */
export function consoleSink(io: Io): FrameSink {
  return {
    onFrame: ({ time, result, faceIds }) => {
      const list = result.faces.map((f, i) => `face ${faceIds[i]} ${f.emotion} A ${f.arousal.toFixed(2)} V ${f.valence.toFixed(2)}`).join('; ');
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
  const bar = startProgress(io, 'frames {bar} {value}/{total} | {speed} frames/s | ETA {eta}s', total, { speed: '0.0' });
  const started = Date.now();
  return {
    onFrame: (f) => bar.update(Math.min(total, f.index + 1), { speed: ((f.index + 1) / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(1) }),
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
  const shares = Object.entries(s.emotionShare).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
    .map(([l, v]) => `${l} ${(v * 100).toFixed(1)}%`).join(', ');
  return [
    `frames analysed: ${s.frames} (${s.framesWithFace} with a face), faces: ${s.faces}, distinct face ids: ${s.faceIds}`,
    `emotions: ${shares || 'none'}`,
    `mean arousal: ${s.meanArousal === null ? 'n/a' : s.meanArousal.toFixed(3)}, mean valence: ${s.meanValence === null ? 'n/a' : s.meanValence.toFixed(3)}`,
    ...(endedEarly ? [`input ended early: analysed up to t = ${endedEarly.analysedUpTo.toFixed(2)} s of ${endedEarly.duration.toFixed(2)} s`] : []),
  ].join('\n');
}

/**
 * Totals over the run, printed on stdout when it completes (text, or one JSON line with `--json`).
 * @example
 * const sink = summarySink(io, fer.labels, false);
 */
export function summarySink(io: Io, labels: string[], json: boolean): FrameSink {
  const summary = createSummary(labels);
  return {
    onFrame: (f) => summary.add(f.time, f.result, f.faceIds),
    close: (end) => {
      if (!end.completed) return;
      const s = summary.result();
      if (json) io.out(JSON.stringify({ summary: end.endedEarly ? { ...s, endedEarly: end.endedEarly } : s }) + '\n');
      else io.out(formatSummary(s, end.endedEarly) + '\n');
    },
    files: () => [],
  };
}
