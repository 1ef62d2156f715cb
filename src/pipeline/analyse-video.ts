import { decodeFrames, type VideoFrame } from '../io/decode-frames.js';
import { probeVideo, type VideoInfo } from '../io/probe-video.js';
import { resolveAnalysisOptions } from '../options.js';
import type { ImageResult, RawImage } from '../types.js';
import { createFaceLocator, isAmbiguous } from '../track/face-locator.js';
import type { Recognizer } from './recognizer.js';

/** One analysed frame: its time, the frame pixels, the result and a stable id per face. */
export interface AnalysedFrame {
  /** Position among the analysed frames: 0, 1, 2, … */
  index: number;
  /** Seconds: the source frame's own timestamp. */
  time: number;
  /** Position of the frame among the source's frames (the first is 0 and is always analysed). */
  sourceIndex?: number;
  /** Whether the scene cut since the previous analysed frame; the faces after a cut get new ids. */
  cut?: boolean;
  image: RawImage;
  result: ImageResult;
  faceIds: number[];
  /** Whether the face detector ran on this frame; false: the boxes were carried over from the last detection (see VideoSource.detectEvery). */
  detected?: boolean;
}

/** Video source and sampling options. */
export interface VideoSource {
  /** A file, URL, or device for ffmpeg. */
  input: string;
  /**
   * Frames per second of video time to analyse; 0 = every frame. The first frame is always analysed,
   * then for each slot k/fps the first source frame at or after it, with its own timestamp; no frame is
   * analysed twice, so a rate above the source's analyses every frame once.
   */
  fps?: number;
  /** Extra ffmpeg input options (camera formats). */
  inputOptions?: string[];
  /** A live source (camera, stream): no duration, no end. */
  live?: boolean;
  /** Frames wider than this are scaled down before analysis. Default 1280. */
  maxWidth?: number;
  /** Stops probing and decoding (the probe rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Ms the probe waits for a first frame before INPUT_NOT_FOUND; default PROBE_TIMEOUT_MS (20 s). */
  probeTimeoutMs?: number;
  /** Run the face detector on every k-th analysed frame, sooner when needed (docs/video.md). Default ANALYSIS_DEFAULTS.detectEvery. */
  detectEvery?: number;
}

/**
 * The decoded frame size: the source size, scaled to at most maxWidth, rounded to even numbers.
 * @example
 * frameSize({ width: 1920, height: 1080, duration: 10, fps: 25 }, 1280); // { width: 1280, height: 720 }
 */
export function frameSize(info: VideoInfo, maxWidth: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / info.width);
  const even = (v: number): number => Math.max(2, 2 * Math.round((v * scale) / 2));
  return { width: even(info.width), height: even(info.height) };
}

/**
 * Frames in flight at once: detection of the next frames overlaps recognition and output of this one. 4
 * rather than 2: with --detect-every 3, `-f 5` on the 640x360 bench clip ran at 34-39 instead of 31
 * frames/s (idle, 3 runs each), for 2 more decoded frames held.
 */
const LOOKAHEAD = 4;

/**
 * Probe a video source and return its info with an async stream of analysed frames, in order.
 * Stages overlap: ffmpeg decodes ahead, the detector (its own thread) works on the next frame while
 * ESR-9 and the caller's outputs handle this one; at most LOOKAHEAD frames are held, so memory stays
 * flat however long the input. Faces are located by createFaceLocator() with a stable id each; when the
 * detector runs and when boxes are carried over is written once, in docs/video.md.
 * @example
 * const { info, frames } = await analyseVideo(recognizer, { input: 'clip.mp4', fps: 5, detectEvery: 3 });
 * for await (const f of frames) console.log(f.time, f.detected, f.result.faces.map((x) => x.emotion));
 */
export async function analyseVideo(
  recognizer: Recognizer,
  source: VideoSource,
): Promise<{ info: VideoInfo; size: { width: number; height: number }; frames: AsyncGenerator<AnalysedFrame> }> {
  const { fps, detectEvery } = resolveAnalysisOptions(source);
  const info = await probeVideo(source.input, source.inputOptions, source.live, {
    signal: source.signal,
    timeoutMs: source.probeTimeoutMs,
  });
  const size = frameSize(info, source.maxWidth ?? 1280);
  const locator = createFaceLocator(recognizer, detectEvery);
  const start = (frame: VideoFrame): Promise<AnalysedFrame> => {
    const done = locator.locate(frame.image, frame.index, frame.cut).then(async (located) => {
      let [found, result] = [located, await recognizer.classify(frame.image, located.detections)];
      if (!found.detected && isAmbiguous(result)) {
        found = await locator.refine(frame.image, found);
        result = await recognizer.classify(frame.image, found.detections);
      }
      return { ...frame, result, faceIds: found.ids, detected: found.detected };
    });
    done.catch(() => undefined);
    return done;
  };
  async function* frames(): AsyncGenerator<AnalysedFrame> {
    const inFlight: Promise<AnalysedFrame>[] = [];
    for await (const frame of decodeFrames(source.input, {
      fps,
      ...size,
      inputOptions: source.inputOptions,
      live: source.live,
      signal: source.signal,
    })) {
      inFlight.push(start(frame));
      if (inFlight.length >= LOOKAHEAD) yield await (inFlight.shift() as Promise<AnalysedFrame>);
    }
    while (inFlight.length) yield await (inFlight.shift() as Promise<AnalysedFrame>);
  }
  return { info, size, frames: frames() };
}
