import { basename, extname } from 'node:path';
import type { VideoInfo } from '../io/probe-video.js';
import { analyseVideo, type VideoSource } from '../pipeline/analyse-video.js';
import { createRecognizer, type Recognizer } from '../pipeline/recognizer.js';
import { openOutputDir } from '../io/output-dir.js';
import { checkInputFile } from '../io/read-image.js';
import { toFerOptions } from './common-options.js';
import { EXIT } from './exit-codes.js';
import { frameCountSink } from './frame-count-sink.js';
import type { Io } from './io.js';
import { startLiveViewer } from './live-viewer.js';
import { SIGNAL_EXIT, watchSignals } from './watch-signals.js';
import { createFrameRenderer, mp4Sink, viewerSink } from './video-render-sinks.js';
import {
  closeSinks, consoleSink, csvSink, jsonLinesSink, jsonStdoutSink, progressSink, summarySink, type FrameSink, type RunEnd,
} from './video-sinks.js';

export { formatSummary } from './video-sinks.js';

/** Parsed options shared by `fer video` and `fer webcam`. */
export interface VideoCommandOptions extends Record<string, unknown> {
  fps?: number;
  output?: string;
  branches?: boolean;
  gradCam?: boolean;
  json?: boolean;
  display?: boolean;
  port?: number;
  plot?: boolean;
  size?: 1 | 2 | 3;
}

/**
 * Whether a file input stopped before its stated duration: the last frame (plus one frame interval)
 * is more than a second, or two intervals, short of the end.
 * @example
 * detectEarlyEnd({ duration: 3, ... }, 1.4, 10); // { analysedUpTo: 1.4, duration: 3 }
 */
export function detectEarlyEnd(info: VideoInfo, lastTime: number | null, rate: number): RunEnd['endedEarly'] {
  if (info.duration === null) return null;
  const reached = lastTime === null ? 0 : lastTime + 1 / rate;
  const tolerance = Math.max(1, 2 / rate);
  return reached < info.duration - tolerance ? { analysedUpTo: lastTime ?? 0, duration: info.duration } : null;
}

/**
 * Analyse a video source frame by frame and hand each frame to the output sinks (progress bar, MP4,
 * CSV, JSON lines, live page, console, summary); Ctrl+C or SIGTERM stops cleanly with every sink
 * closed. Returns the exit code.
 * @example
 * await runVideoCommand({ input: 'clip.mp4' }, { fps: 5, output: 'out' }, 'video', io);
 */
export async function runVideoCommand(source: VideoSource, o: VideoCommandOptions, mode: 'video' | 'webcam', io: Io): Promise<number> {
  if (!source.live && !/^[a-z]+:\/\//i.test(source.input)) await checkInputFile(source.input, 'video');
  const out = o.output ? await openOutputDir(o.output) : null;
  const stem = mode === 'webcam' && source.live ? 'webcam' : basename(source.input, extname(source.input)) || 'video';
  const render = createFrameRenderer(o);
  const sinks: FrameSink[] = [];
  const signals = watchSignals(io);
  let fer: Recognizer | null = null;
  let end: RunEnd = { completed: false, signal: null, endedEarly: null };
  let failure: unknown = null;
  try {
    const viewer = o.display ? await startLiveViewer(o.port ?? 0) : null;
    if (viewer) {
      sinks.push(viewerSink(viewer, render));
      io.err(`live view at ${viewer.url} (Ctrl+C to stop)\n`);
    }
    fer = await createRecognizer(toFerOptions(o, Boolean(o.gradCam)));
    const { info, frames } = await analyseVideo(fer, { ...source, fps: o.fps ?? 0, signal: signals.signal });
    const rate = o.fps || info.fps || 25;
    const total = info.duration ? Math.max(1, Math.round(info.duration * rate)) : 0;
    if (io.isTTY && !o.json && mode === 'video') sinks.unshift(total ? progressSink(io, total) : frameCountSink(io)); // closes first: its line ends before any message
    if (out) sinks.push(mp4Sink(out.dir, stem, rate, render), csvSink(out.dir, stem), jsonLinesSink(out.dir, stem));
    if (o.json) sinks.push(jsonStdoutSink(io));
    else if (mode === 'webcam' && !o.display) sinks.push(consoleSink(io));
    sinks.push(summarySink(io, fer.labels, Boolean(o.json)));
    let lastTime: number | null = null;
    for await (const frame of frames) {
      for (const sink of sinks) await sink.onFrame(frame);
      lastTime = frame.time;
    }
    const signal = signals.received();
    end = { completed: true, signal, endedEarly: signal || source.live ? null : detectEarlyEnd(info, lastTime, rate) };
  } catch (e) {
    if (signals.received()) end = { completed: false, signal: signals.received(), endedEarly: null };
    else failure = e;
  }
  const closeFailure = await closeSinks(sinks, end);
  signals.dispose();
  await fer?.dispose();
  if (failure || closeFailure) throw failure ?? closeFailure;
  const files = sinks.flatMap((s) => s.files());
  if (out && files.length) io.err(`wrote ${files.join(', ')} to ${out.dir}\n`);
  if (end.endedEarly) io.err(`fer: ${source.input} ended early: analysed up to t = ${end.endedEarly.analysedUpTo.toFixed(2)} s of ${end.endedEarly.duration.toFixed(2)} s\n  hint: the file is truncated or damaged; the results cover the part that could be read\n`);
  if (end.signal) io.err(`interrupted by ${end.signal}: results so far are saved\n`);
  return end.signal ? (SIGNAL_EXIT[end.signal] ?? EXIT.INTERRUPTED) : end.endedEarly ? EXIT.PARTIAL : EXIT.OK;
}
