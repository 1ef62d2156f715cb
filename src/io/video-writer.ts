import { spawn } from 'node:child_process';
import { FerError } from '../errors.js';
import { ffmpegPath } from './ffmpeg-path.js';

/** An H.264 MP4 being written from RGBA frames. */
export interface VideoWriter {
  /** Append one RGBA frame (width x height x 4 bytes); waits when ffmpeg is behind. */
  write(rgba: Uint8Array): Promise<void>;
  /** Close the stream and wait until the MP4 is complete. */
  finish(): Promise<void>;
}

/**
 * Encode frames to an MP4 with ffmpeg (libx264, yuv420p, faststart); width and height must be even.
 * It ignores SIGINT itself, so Ctrl+C in the terminal lets fer finish the file cleanly.
 * @example
 * const w = createVideoWriter('out.mp4', 1280, 720, 5); await w.write(rgba); await w.finish();
 */
export function createVideoWriter(path: string, width: number, height: number, fps: number): VideoWriter {
  const proc = spawn(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`,
    '-r', String(fps), '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path,
  ], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => proc.on('close', (code) => resolve(code ?? 1)));
  proc.stdin.on('error', () => undefined);
  return {
    async write(rgba: Uint8Array): Promise<void> {
      if (!proc.stdin.write(rgba)) await new Promise((r) => proc.stdin.once('drain', r));
    },
    async finish(): Promise<void> {
      proc.stdin.end();
      const code = await exited;
      if (code !== 0) throw new FerError('OUTPUT_UNWRITABLE', `could not write video ${path}: ${stderr.trim().split('\n').pop() || `ffmpeg exited with ${code}`}`, 'check the -o folder and free disk space', { cause: new Error(stderr.trim()) });
    },
  };
}
