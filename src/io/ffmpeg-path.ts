import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ffmpeg binary to use: $FFMPEG_PATH, else the one shipped by @ffmpeg-installer/ffmpeg, else `ffmpeg` on PATH.
 * @example
 * spawn(ffmpegPath(), ['-version']);
 */
export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return 'ffmpeg';
  }
}
