import { FerError } from '../errors.js';
import type { RawImage } from '../types.js';
import { trackFfmpeg } from './ffmpeg-children.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { loadFfmpeg } from './load-ffmpeg.js';
import { createFrameLog, samplingFilters, type SampledFrameInfo } from './frame-log.js';
import { classifyFfmpegError } from './probe-video.js';

/** One decoded frame with its time on the video's own clock. */
export interface VideoFrame {
  /** Position among the decoded (sampled) frames: 0, 1, 2, … */
  index: number;
  /** Position among the source's frames (equal to `index` when every frame is decoded). */
  sourceIndex: number;
  /** Seconds, the source frame's own presentation timestamp. */
  time: number;
  /** Whether the scene cut (ffmpeg's scdet) since the previous decoded frame. */
  cut: boolean;
  image: RawImage;
}

/** How to decode. */
export interface DecodeOptions {
  /**
   * Frames per second of video time to sample; 0 = every frame. For each slot k/fps the first source frame
   * at or after it is kept, with its own timestamp; no frame is kept twice, so a rate at or above the
   * source's keeps every frame once, and a tiny one keeps the first frame only.
   */
  fps: number;
  /** Output frame size (the caller picks it from the probe, e.g. capped in width). */
  width: number;
  height: number;
  /** Extra ffmpeg input options (e.g. -f v4l2 for a camera). */
  inputOptions?: string[];
  live?: boolean;
  signal?: AbortSignal;
}

/**
 * Stream RGB frames from ffmpeg one at a time (backpressure keeps memory flat), each with its source
 * frame's own timestamp and position, read from ffmpeg's log (see samplingFilters()). ffmpeg failing at any
 * point rejects with a FerError naming the input.
 * @example
 * for await (const frame of decodeFrames('clip.mp4', { fps: 5, width: 640, height: 360 })) { ... }
 */
export async function* decodeFrames(input: string, o: DecodeOptions): AsyncGenerator<VideoFrame> {
  const frameBytes = o.width * o.height * 3;
  const log = createFrameLog(o.fps);
  let stderr = '';
  let failure: FerError | null = null;
  let [done, wake] = [false, (): void => undefined];
  const ffmpeg = await loadFfmpeg();
  const cmd = trackFfmpeg(ffmpeg(input).setFfmpegPath(ffmpegPath()))
    .inputOptions(o.inputOptions ?? [])
    .videoFilters(samplingFilters(o.fps, o.width, o.height))
    .outputOptions(['-an', '-sn', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-vsync', '0'])
    .on('stderr', (line: string) => {
      if (!log.read(line)) stderr = (stderr + line + '\n').slice(-20000);
      wake();
    });
  const ended = new Promise<void>((resolve) => {
    const end = (): void => {
      done = true;
      wake();
      resolve();
    };
    cmd.on('end', end).on('error', (e: Error) => {
      if (!o.signal?.aborted && !/SIGKILL|SIGTERM|signal/i.test(e.message))
        failure = classifyFfmpegError(input, stderr, Boolean(o.live), e);
      end();
    });
  });
  /** The log's info on the next output frame, waiting for its line (NaN time if ffmpeg ended without one). */
  const nextInfo = async (index: number): Promise<SampledFrameInfo> => {
    while (!log.frames.length && !done) await new Promise<void>((r) => (wake = r));
    return log.frames.shift() ?? { time: Number.NaN, sourceIndex: index, cut: false };
  };
  const stream = cmd.pipe();
  const abort = (): void => {
    cmd.kill('SIGKILL');
  };
  o.signal?.addEventListener('abort', abort, { once: true });
  let chunks: Buffer[] = [];
  let buffered = 0;
  let index = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      buffered += chunk.length;
      while (buffered >= frameBytes) {
        const joined = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
        const data = new Uint8Array(joined.subarray(0, frameBytes));
        chunks = buffered > frameBytes ? [joined.subarray(frameBytes)] : [];
        buffered -= frameBytes;
        const info = await nextInfo(index);
        yield { index, ...info, image: { width: o.width, height: o.height, channels: 3, data } };
        index += 1;
        if (o.signal?.aborted) return;
      }
    }
    if (!o.signal?.aborted) await ended;
    if (failure) throw failure;
  } finally {
    o.signal?.removeEventListener('abort', abort);
    cmd.kill('SIGKILL');
  }
}
