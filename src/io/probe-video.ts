import ffmpeg from 'fluent-ffmpeg';
import { FerError } from '../errors.js';
import { ffmpegPath } from './ffmpeg-path.js';

/** What the decoder needs to know about a video input. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Seconds, or null for live inputs and unknown lengths. */
  duration: number | null;
  /** Frames per second of the source, or null when unknown. */
  fps: number | null;
}

/** Parse ffmpeg's "HH:MM:SS.ss" duration. */
function parseDuration(text: string | undefined): number | null {
  const m = /(\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/**
 * Map ffmpeg's stderr on failure to a FerError naming the input.
 * @example
 * reject(classifyFfmpegError('clip.mp4', stderr, false));
 */
export function classifyFfmpegError(name: string, stderr: string, live: boolean): FerError {
  if (/No such file|does not exist/i.test(stderr)) return new FerError('INPUT_NOT_FOUND', `${live ? 'capture device' : 'video'} not found: ${name}`, live ? 'list devices with `v4l2-ctl --list-devices` (Linux), `ffmpeg -f avfoundation -list_devices true -i ""` (macOS) or `ffmpeg -list_devices true -f dshow -i dummy` (Windows)' : 'check the path');
  if (/Invalid data found|moov atom not found|could not find codec|Invalid argument|Unknown input format/i.test(stderr)) {
    return new FerError('INPUT_CORRUPT', `corrupt, truncated or not a video: ${name}`, 'check that the file plays in a video player');
  }
  const last = stderr.trim().split('\n').filter(Boolean).pop() ?? 'ffmpeg failed';
  return new FerError(live ? 'INPUT_NOT_FOUND' : 'INPUT_CORRUPT', `cannot read ${live ? 'capture device' : 'video'} ${name}: ${last.slice(0, 200)}`, live ? 'check the device id (-w) or pass --input' : 'check that the file plays in a video player');
}

/**
 * Read a video's size, duration and frame rate with ffmpeg (decodes at most one frame).
 * @example
 * const { width, height, duration } = await probeVideo('clip.mp4');
 */
export function probeVideo(input: string, inputOptions: string[] = [], live = false): Promise<VideoInfo> {
  return new Promise((resolve, reject) => {
    let info: VideoInfo | null = null;
    let stderr = '';
    const cmd = ffmpeg(input).setFfmpegPath(ffmpegPath()).inputOptions(inputOptions)
      .outputOptions(['-frames:v', '1', '-f', 'null'])
      .output('-')
      .on('stderr', (line: string) => (stderr += line + '\n'))
      .on('codecData', (data: { video?: string; video_details?: string[]; duration?: string }) => {
        const size = (data.video_details ?? []).map((d) => /(\d{2,5})x(\d{2,5})/.exec(d)).find(Boolean);
        const fps = (data.video_details ?? []).map((d) => /([\d.]+) (?:fps|tbr)/.exec(d)).find(Boolean);
        if (data.video && size) info = { width: Number(size[1]), height: Number(size[2]), duration: live ? null : parseDuration(data.duration), fps: fps ? Number(fps[1]) : null };
      })
      .on('end', () => {
        if (!info) reject(new FerError('INPUT_UNSUPPORTED', `no video stream in ${input}`, 'pass a file with a video track'));
        else if (!live && info.duration === null) reject(new FerError('INPUT_UNSUPPORTED', `not a video (a still image or a stream without duration): ${input}`, 'use `fer image` for images, or --input for live streams'));
        else if (!live && (info.duration === 0 || !/frame=\s*[1-9]/.test(stderr))) reject(new FerError('INPUT_EMPTY', `video has no frames: ${input}`, 'the file holds no decodable video frames'));
        else resolve(info);
      })
      .on('error', () => reject(classifyFfmpegError(input, stderr, live)));
    cmd.run();
  });
}
