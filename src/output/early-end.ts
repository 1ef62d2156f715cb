import { FerError } from '../errors.js';
import type { VideoInfo } from '../io/probe-video.js';
import type { RunEnd } from './frame-sink.js';

/**
 * Whether a file input stopped before its stated duration: the last frame (plus one frame interval)
 * is more than a second, or two intervals, short of the end. `fer video` and the queue worker both judge with it.
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
 * The INPUT_ENDED_EARLY error for a video that ended early (its results, for the part read, are kept):
 * `fer video` prints it and exits 8, a queued job fails with it after writing the same files.
 * @example
 * earlyEndError('cut.mp4', { analysedUpTo: 1.9, duration: 4 }).message; // 'cut.mp4 ended early: analysed up to t = 1.90 s of 4.00 s'
 */
export function earlyEndError(input: string, end: NonNullable<RunEnd['endedEarly']>): FerError {
  return new FerError(
    'INPUT_ENDED_EARLY',
    `${input} ended early: analysed up to t = ${end.analysedUpTo.toFixed(2)} s of ${end.duration.toFixed(2)} s`,
    'the file is truncated or damaged; the results cover the part that could be read',
  );
}
