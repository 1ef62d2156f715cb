import { spawn } from 'node:child_process';
import { FerError } from '../errors.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { hasMp4Index } from './mp4-complete.js';
import { outputHint } from './write-failure.js';

/** An H.264 MP4 being written from RGBA frames. */
export interface VideoWriter {
  /** Append one RGBA frame (width x height x 4 bytes); waits when ffmpeg is behind, fails if it stopped. */
  write(rgba: Uint8Array): Promise<void>;
  /** Close the stream and wait until the MP4 is complete (its index written); fails otherwise. */
  finish(): Promise<void>;
  /** Stop the encoder at once, leaving an incomplete file for the caller to remove. */
  abort(): Promise<void>;
}

/**
 * Encode frames to an MP4 with ffmpeg (libx264, yuv420p, faststart); width and height must be even.
 * It ignores SIGINT itself, so Ctrl+C in the terminal lets fer finish the file cleanly. An encoder that
 * dies (killed, disk full) fails the next write instead of leaving it waiting.
 * @example
 * const w = createVideoWriter('out.mp4', 1280, 720, 5); await w.write(rgba); await w.finish();
 */
export function createVideoWriter(path: string, width: number, height: number, fps: number): VideoWriter {
  const proc = spawn(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      path,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) =>
    proc.on('close', (code, signal) => {
      ended = { code, signal };
      resolve();
    }),
  );
  proc.on('error', (e) => (stderr += `\n${e.message}`));
  proc.stdin.on('error', () => undefined);
  const failure = (reason?: string): FerError => {
    const why =
      reason ??
      (stderr.trim().split('\n').pop() ||
        (ended?.signal ? `the encoder (ffmpeg) was stopped by ${ended.signal}` : `ffmpeg exited with ${ended?.code}`));
    const full = /no space left|file too large|quota/i.test(stderr) || ended?.signal === 'SIGXFSZ';
    return new FerError(
      'OUTPUT_UNWRITABLE',
      `could not write video ${path}: ${why}`,
      outputHint(full ? 'ENOSPC' : undefined),
      { cause: new Error(stderr.trim() || why) },
    );
  };
  return {
    async write(rgba: Uint8Array): Promise<void> {
      if (ended) throw failure();
      if (!proc.stdin.write(rgba)) await Promise.race([new Promise((r) => proc.stdin.once('drain', r)), exited]);
      if (ended) throw failure();
    },
    async finish(): Promise<void> {
      proc.stdin.end();
      await exited;
      if (ended?.code !== 0) throw failure();
      if (!(await hasMp4Index(path).catch(() => false)))
        throw failure('the file has no index (moov box); was the disk full?');
    },
    async abort(): Promise<void> {
      if (!ended) proc.kill('SIGKILL');
      await exited;
    },
  };
}
