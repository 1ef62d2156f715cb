import type { FfmpegCommand } from 'fluent-ffmpeg';
import { FerError } from '../errors.js';
import { trackFfmpeg } from './ffmpeg-children.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { loadFfmpeg } from './load-ffmpeg.js';

/** What the decoder needs to know about a video input. */
export interface VideoInfo {
  /** Display size: the stored size turned by `rotation`, as ffmpeg decodes (and players show) it. */
  width: number;
  height: number;
  /** Clockwise degrees from the rotation metadata (display matrix), 0 when there is none. */
  rotation: number;
  /** Seconds, or null for live inputs and files whose header states none (streamed WebM/MKV): read to the end. */
  duration: number | null;
  /** Frames per second of the source, or null when unknown. */
  fps: number | null;
}

/** How long a probe may wait for its first frame before the input counts as not answering. */
export const PROBE_TIMEOUT_MS = 20_000;

/** When to give up probing. */
export interface ProbeLimits {
  /** Stop at once when this aborts (rejects with its reason). */
  signal?: AbortSignal;
  /** Ms to wait for the first frame; default PROBE_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Parse ffmpeg's "HH:MM:SS.ss" duration. */
function parseDuration(text: string | undefined): number | null {
  const m = /(\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/**
 * The rotation ffmpeg applies when decoding, from the input's display matrix or rotate tag, in
 * clockwise degrees in [0, 360).
 * @example
 * parseRotation('    Side data:\n      displaymatrix: rotation of -90.00 degrees'); // 90
 */
export function parseRotation(stderr: string): number {
  const input = stderr.split(/^Output #/m)[0];
  const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(input);
  if (matrix) return ((-Math.round(Number(matrix[1])) % 360) + 360) % 360;
  const tag = /^\s*rotate\s*:\s*(-?\d+)/m.exec(input);
  return tag ? ((Number(tag[1]) % 360) + 360) % 360 : 0;
}

/**
 * Map ffmpeg's stderr on failure to a FerError naming the input.
 * @example
 * reject(classifyFfmpegError('clip.mp4', stderr, false));
 */
export function classifyFfmpegError(name: string, stderr: string, live: boolean, cause?: unknown): FerError {
  const options = { cause };
  if (/No such file|does not exist/i.test(stderr))
    return new FerError(
      'INPUT_NOT_FOUND',
      `${live ? 'capture device' : 'video'} not found: ${name}`,
      live
        ? 'list devices with `v4l2-ctl --list-devices` (Linux), `ffmpeg -f avfoundation -list_devices true -i ""` (macOS) or `ffmpeg -list_devices true -f dshow -i dummy` (Windows)'
        : 'check the path',
      options,
    );
  if (
    /Invalid data found|moov atom not found|could not find codec|Invalid argument|Unknown input format/i.test(stderr)
  ) {
    return new FerError(
      'INPUT_CORRUPT',
      `corrupt, truncated or not a video: ${name}`,
      'check that the file plays in a video player',
      options,
    );
  }
  const last = stderr.trim().split('\n').filter(Boolean).pop() ?? 'ffmpeg failed';
  return new FerError(
    live ? 'INPUT_NOT_FOUND' : 'INPUT_CORRUPT',
    `cannot read ${live ? 'capture device' : 'video'} ${name}: ${last.slice(0, 200)}`,
    live ? 'check the device id (-w) or pass --input' : 'check that the file plays in a video player',
    options,
  );
}

/**
 * Whether ffmpeg read the input with an image demuxer (`image2`, `png_pipe`, `jpeg_pipe`, …): a still
 * image, not a video.
 * @example
 * isStillImage("Input #0, png_pipe, from 'a.png':"); // true
 */
export function isStillImage(stderr: string): boolean {
  const formats = /^Input #0, (.+?), from /m.exec(stderr)?.[1].split(',') ?? [];
  return formats.some((f) => f === 'image2' || f.endsWith('_pipe'));
}

/** The info with its rotation applied: a quarter turn swaps width and height. */
function turn(info: VideoInfo, rotation: number): VideoInfo {
  const quarter = rotation % 180 === 90;
  return { ...info, rotation, width: quarter ? info.height : info.width, height: quarter ? info.width : info.height };
}

/**
 * Read a video's display size (rotation metadata honoured), duration and frame rate with ffmpeg
 * (decodes at most one frame). An input that gives no frame within `limits.timeoutMs` (a silent
 * network stream) is INPUT_NOT_FOUND; an aborted `limits.signal` rejects with its reason; either way
 * ffmpeg is killed.
 * @example
 * const { width, height, duration } = await probeVideo('clip.mp4');
 */
export async function probeVideo(
  input: string,
  inputOptions: string[] = [],
  live = false,
  limits: ProbeLimits = {},
): Promise<VideoInfo> {
  const ffmpeg = await loadFfmpeg();
  return new Promise((resolve, reject) => {
    let info: VideoInfo | null = null;
    let stderr = '';
    const cmd = trackFfmpeg(ffmpeg(input).setFfmpegPath(ffmpegPath()))
      .inputOptions(inputOptions)
      .outputOptions(['-frames:v', '1', '-f', 'null'])
      .output('-')
      .on('stderr', (line: string) => (stderr += line + '\n'))
      .on('codecData', (data: { video?: string; video_details?: string[]; duration?: string }) => {
        const size = (data.video_details ?? [])
          .map((d) => /(?:^|\s)(\d{1,5})x(\d{1,5})(?=\s|$)/.exec(d.trim()))
          .find(Boolean);
        const fps = (data.video_details ?? []).map((d) => /([\d.]+) (?:fps|tbr)/.exec(d)).find(Boolean);
        if (data.video && size)
          info = {
            width: Number(size[1]),
            height: Number(size[2]),
            rotation: 0,
            duration: live ? null : parseDuration(data.duration),
            fps: fps ? Number(fps[1]) : null,
          };
      })
      .on('end', () => {
        if (info) info = turn(info, parseRotation(stderr));
        if (!info)
          reject(new FerError('INPUT_UNSUPPORTED', `no video stream in ${input}`, 'pass a file with a video track'));
        else if (!live && isStillImage(stderr))
          reject(
            new FerError('INPUT_UNSUPPORTED', `a still image, not a video: ${input}`, 'use `fer image` for images'),
          );
        else if (!live && (info.duration === 0 || !/frame=\s*[1-9]/.test(stderr)))
          reject(
            new FerError('INPUT_EMPTY', `video has no frames: ${input}`, 'the file holds no decodable video frames'),
          );
        else resolve(info);
      })
      .on('error', (e: Error) => reject(classifyFfmpegError(input, stderr, live, e)));
    stopProbe(cmd, input, limits, reject);
    if (!limits.signal?.aborted) cmd.run();
  });
}

/** Kill the probe's ffmpeg and reject when the signal aborts or the time limit passes. */
function stopProbe(cmd: FfmpegCommand, input: string, limits: ProbeLimits, reject: (e: unknown) => void): void {
  const seconds = (limits.timeoutMs ?? PROBE_TIMEOUT_MS) / 1000;
  let timer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', abort);
  };
  const stop = (reason: unknown): void => {
    settle();
    cmd.removeAllListeners('error').on('error', () => undefined);
    if ((cmd as unknown as { ffmpegProc?: unknown }).ffmpegProc) cmd.kill('SIGKILL');
    reject(reason);
  };
  const abort = (): void => stop(limits.signal?.reason);
  if (limits.signal?.aborted) return abort();
  timer = setTimeout(
    () =>
      stop(
        new FerError(
          'INPUT_NOT_FOUND',
          `no answer from ${input} within ${seconds} s`,
          'check that the stream or device is running and reachable, and the URL',
        ),
      ),
    seconds * 1000,
  );
  limits.signal?.addEventListener('abort', abort, { once: true });
  cmd.once('end', settle).once('error', settle);
}
