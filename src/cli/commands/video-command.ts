import { checkInputFile } from '../../io/input-file.js';
import type { OutputOptions } from '../../options.js';
import { detectEarlyEnd, earlyEndError } from '../../output/early-end.js';
import { folderWatchSink } from '../../output/folder-watch-sink.js';
import { FAILED_RUN, closeSinks, runSinks, type FrameSink, type RunEnd } from '../../output/frame-sink.js';
import { createFrameRenderer, type FrameRenderer } from '../../output/frame-renderer.js';
import { openOutputFolder, type OutputFolder } from '../../output/output-folder.js';
import { outputStem } from '../../output/output-names.js';
import { videoFileSinks, videoPace } from '../../output/video-files.js';
import { type AnalysedFrame, analyseVideo, type VideoSource } from '../../pipeline/analyse-video.js';
import { createRecognizer, type Recognizer } from '../../pipeline/recognizer.js';
import { toFerOptions } from './common-options.js';
import { EXIT } from '../terminal/exit-codes.js';
import { frameCountSink } from '../terminal/frame-count-sink.js';
import { startLiveViewer } from '../viewer/live-viewer.js';
import { printable } from '../terminal/printable.js';
import { signalExitCode, watchSignals, type SignalWatch } from '../terminal/signals.js';
import { consoleSink, jsonStdoutSink, printSummarySink, progressSink } from '../terminal/terminal-sinks.js';
import type { Io } from '../terminal/terminal-io.js';
import { holdViewer, type LiveViewer, viewerSink } from '../viewer/viewer-sink.js';

/** Parsed options shared by `fer video` and `fer webcam`: the output group and the terminal/page options. */
export interface VideoCommandOptions extends OutputOptions, Record<string, unknown> {
  json?: boolean;
  display?: boolean;
  port?: number;
}

/** What one run needs besides its options. */
interface VideoRun {
  source: VideoSource;
  mode: 'video' | 'webcam';
  out: OutputFolder | null;
  stem: string;
  signals: SignalWatch;
  sinks: FrameSink[];
  render: FrameRenderer;
}

/** Load the recognizer, open the source and add the sinks in their order; returns the frames and how to judge the end. */
async function startRun(
  run: VideoRun,
  o: VideoCommandOptions,
  io: Io,
  fer: Recognizer,
): Promise<{ frames: AsyncIterable<AnalysedFrame>; endOf(lastTime: number | null): RunEnd }> {
  const { info, frames } = await analyseVideo(fer, {
    ...run.source,
    fps: o.fps ?? 0,
    detectEvery: o.detectEvery,
    signal: run.signals.signal,
  });
  const { rate, total } = videoPace(o.fps ?? 0, info);
  if (io.isTTY && !o.json && run.mode === 'video')
    run.sinks.unshift(total ? progressSink(io, total) : frameCountSink(io)); // closes first: its line ends before any message
  if (run.out) run.sinks.push(folderWatchSink(run.out), ...videoFileSinks(run.out, run.stem, rate, run.render));
  if (o.json) run.sinks.push(jsonStdoutSink(io));
  else if (run.mode === 'webcam' && !o.display) run.sinks.push(consoleSink(io));
  run.sinks.push(printSummarySink(io, fer.labels, Boolean(o.json)));
  const endOf = (lastTime: number | null): RunEnd => {
    const signal = run.signals.received();
    return {
      completed: true,
      signal,
      endedEarly: signal || run.source.live ? null : detectEarlyEnd(info, lastTime, rate),
    };
  };
  return { frames, endOf };
}

/** The closing lines on stderr and the exit code of a finished run. */
function reportEnd(run: VideoRun, end: RunEnd, io: Io): number {
  const files = run.sinks.flatMap((s) => s.files());
  if (run.out && files.length) io.err(`wrote ${files.map(printable).join(', ')} to ${printable(run.out.dir)}\n`);
  const early = end.endedEarly && earlyEndError(printable(run.source.input), end.endedEarly);
  if (early) io.err(`fer: ${early.message}\n  hint: ${early.hint}\n`);
  if (end.signal) io.err(`interrupted by ${end.signal}: results so far are saved\n`);
  return end.signal ? signalExitCode(end.signal) : end.endedEarly ? EXIT.PARTIAL : EXIT.OK;
}

/**
 * Analyse a video source frame by frame and hand each frame to the sinks (progress bar, MP4, CSV,
 * JSON lines, live page, console, summary); Ctrl+C or SIGTERM stops cleanly with every sink closed. With
 * `-d` the page stays up after the input ends (showing "finished") until Ctrl+C or SIGTERM.
 * The result files are committed even after a failure (the rows so far), except an MP4 the encoder
 * could not finish. Returns the exit code.
 * @example
 * await runVideoCommand({ input: 'clip.mp4' }, { fps: 5, output: 'out' }, 'video', io);
 */
export async function runVideoCommand(
  source: VideoSource,
  o: VideoCommandOptions,
  mode: 'video' | 'webcam',
  io: Io,
): Promise<number> {
  if (!source.live && !/^[a-z]+:\/\//i.test(source.input)) await checkInputFile(source.input, 'video');
  const stem = mode === 'webcam' && source.live ? 'webcam' : outputStem(source.input) || 'video';
  const out = o.output ? await openOutputFolder(o.output, stem) : null;
  const run: VideoRun = {
    source,
    mode,
    out,
    stem,
    signals: watchSignals(io),
    sinks: [],
    render: createFrameRenderer(o),
  };
  let fer: Recognizer | null = null;
  let viewer: LiveViewer | null = null;
  let result: { end: RunEnd; failure: unknown };
  try {
    viewer = o.display ? await startLiveViewer(o.port ?? 0) : null;
    if (viewer) {
      run.sinks.push(viewerSink(viewer, run.render));
      io.err(`live view at ${viewer.url} (Ctrl+C to stop)\n`);
    }
    fer = await createRecognizer(toFerOptions(o, Boolean(o.gradCam)));
    const { frames, endOf } = await startRun(run, o, io, fer);
    result = await runSinks(frames, run.sinks, endOf);
  } catch (e) {
    const signal = run.signals.received();
    const end: RunEnd = signal ? { completed: false, signal, endedEarly: null } : FAILED_RUN;
    const closeFailure = await closeSinks(run.sinks, end);
    result = { end, failure: signal ? closeFailure : e };
  }
  await fer?.dispose();
  const committed = await out?.commit().then(
    () => null,
    (e: unknown) => e,
  );
  const failure = result.failure ?? committed;
  const code = failure ? EXIT.INTERNAL : reportEnd(run, result.end, io);
  await (failure ? viewer?.end() : viewer && holdViewer(viewer, run.signals, io)); // the page stays until Ctrl+C after the input ends
  run.signals.dispose(); // only now: a signal before the commit must not stop it half way
  if (failure) throw failure;
  return code;
}
