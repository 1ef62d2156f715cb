/** The benchmark's video: a 640x360 clip with one face. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../src/io/ffmpeg-path.js';

/**
 * A 640x360 25 fps H.264 clip with one face: the shared sample woman2.mp4 scaled, when present, else the
 * astronaut portrait moving over a test pattern for 15 s. Returns its path and a description.
 * @example
 * const { path, what } = benchClip('/work/shared', 'media/astronaut.png');
 */
export function benchClip(shared: string, astronaut: string): { path: string; what: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fer-bench-clip-'));
  const path = join(dir, 'clip-640x360.mp4');
  const sample = join(shared, 'media', 'woman2.mp4');
  const encode = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', path];
  const run = (args: string[]): void =>
    void execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'ignore' });
  if (existsSync(sample)) {
    run(['-i', sample, '-vf', 'scale=640:360,fps=25', '-an', ...encode]);
    return { path, what: 'woman2.mp4 scaled to 640x360 at 25 fps (15.5 s, one face)' };
  }
  run([
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=640x360:rate=25:duration=15',
    '-i',
    astronaut,
    '-filter_complex',
    "[1]scale=240:240[f];[0][f]overlay=x='200+40*sin(t)':y=60",
    '-t',
    '15',
    ...encode,
  ]);
  return { path, what: 'synthetic 640x360 clip (15 s, the astronaut face moving)' };
}
