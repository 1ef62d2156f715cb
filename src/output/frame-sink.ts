import type { AnalysedFrame } from '../pipeline/analyse-video.js';

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

/**
 * The end of a run that failed with an error.
 * @example
 * await closeSinks(sinks, FAILED_RUN);
 */
export const FAILED_RUN: RunEnd = { completed: false, signal: null, endedEarly: null };

/**
 * Hand every frame to every sink in order, then close them all with the run's end (`endOf` receives
 * the time of the last frame, null when none came). Never throws: resolves with the end and the first
 * failure (of the frames or of a close), or null.
 * @example
 * const { failure } = await runSinks(frames, sinks, () => ({ completed: true, signal: null, endedEarly: null }));
 */
export async function runSinks(
  frames: AsyncIterable<AnalysedFrame>,
  sinks: FrameSink[],
  endOf: (lastTime: number | null) => RunEnd,
): Promise<{ end: RunEnd; failure: unknown }> {
  let end = FAILED_RUN;
  let failure: unknown = null;
  try {
    let lastTime: number | null = null;
    for await (const frame of frames) {
      for (const sink of sinks) await sink.onFrame(frame);
      lastTime = frame.time;
    }
    end = endOf(lastTime);
  } catch (e) {
    failure = e;
  }
  const closeFailure = await closeSinks(sinks, end);
  return { end, failure: failure ?? closeFailure };
}
