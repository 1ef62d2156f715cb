import { FerError } from '../errors.js';
import type { RawImage } from '../types.js';
import { trackFfmpeg } from './ffmpeg-children.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { loadFfmpeg } from './load-ffmpeg.js';
import { classifyFfmpegError } from './probe-video.js';

/** One decoded frame with its time on the video's own clock. */
export interface VideoFrame {
  index: number;
  /** Seconds, from the decoder's presentation timestamp. */
  time: number;
  image: RawImage;
}

/** How to decode. */
export interface DecodeOptions {
  /** Frames per second of video time to sample; 0 = every frame. */
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
 * Stream RGB frames from ffmpeg one at a time (backpressure keeps memory flat), with timestamps
 * read from ffmpeg's showinfo filter.
 * @example
 * for await (const frame of decodeFrames('clip.mp4', { fps: 5, width: 640, height: 360 })) { ... }
 */
export async function* decodeFrames(input: string, o: DecodeOptions): AsyncGenerator<VideoFrame> {
  const frameBytes = o.width * o.height * 3;
  const times: number[] = [];
  let stderr = '';
  let failure: FerError | null = null;
  const ffmpeg = await loadFfmpeg();
  // eof_action=pass: the last frame fills the last sampling slot, so a one-frame clip gives its frame and -f 0.5 on 4.6 s gives t = 0, 2, 4
  const filters = [...(o.fps > 0 ? [`fps=fps=${o.fps}:eof_action=pass`] : []), `scale=${o.width}:${o.height}`, 'showinfo'];
  const cmd = trackFfmpeg(ffmpeg(input).setFfmpegPath(ffmpegPath())).inputOptions(o.inputOptions ?? [])
    .videoFilters(filters)
    .outputOptions(['-an', '-sn', '-f', 'rawvideo', '-pix_fmt', 'rgb24', ...(o.fps > 0 ? [] : ['-vsync', '0'])])
    .on('stderr', (line: string) => {
      const m = /\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/.exec(line);
      if (m) times.push(Number(m[1]));
      else if (stderr.length < 20000) stderr += line + '\n';
    })
    .on('error', (e: Error) => {
      if (!o.signal?.aborted && !/SIGKILL|SIGTERM|signal/i.test(e.message)) failure = classifyFfmpegError(input, stderr, Boolean(o.live), e);
    });
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
        for (let i = 0; i < 50 && times.length <= index; i++) await new Promise((r) => setTimeout(r, 2));
        const time = times[index] ?? (o.fps > 0 ? index / o.fps : index / 25);
        yield { index, time, image: { width: o.width, height: o.height, channels: 3, data } };
        index += 1;
        if (o.signal?.aborted) return;
      }
    }
    await new Promise((r) => setImmediate(r));
    if (failure) throw failure;
  } finally {
    o.signal?.removeEventListener('abort', abort);
    cmd.kill('SIGKILL');
  }
}
