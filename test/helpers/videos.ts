import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegPath } from '../../src/io/ffmpeg-path.js';
import { ASTRONAUT, tempDir } from './fixtures.js';

/** Run ffmpeg quietly with these arguments. */
function ffmpeg(args: string[]): void {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'ignore' });
}

/** A synthetic H.264 clip: a grey test background with the astronaut face overlaid and moving slowly. */
export function faceClip(seconds: number, rate = 10, dir = tempDir('fer-v-')): string {
  const path = join(dir, `face-${seconds}s.mp4`);
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=480x360:rate=${rate}:duration=${seconds}`,
    '-i',
    ASTRONAUT,
    '-filter_complex',
    "[1]scale=260:260[f];[0][f]overlay=x='60+10*sin(t)':y=40",
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

/** A copy of a clip whose frames stay stored as they are, with display-matrix rotation metadata (as phones write). */
export function rotatedClip(clip: string, degrees = 90): string {
  const path = join(tempDir('fer-rot-'), 'rotated.mp4');
  ffmpeg(['-i', clip, '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, path]);
  return path;
}

/** A clip with its index at the start (faststart) cut to its first half, as an interrupted download leaves it. */
export function truncatedFastStartClip(seconds = 4): string {
  const dir = tempDir('fer-trunc-');
  const whole = join(dir, 'whole.mp4');
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=320x240:rate=10:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    whole,
  ]);
  const bytes = readFileSync(whole);
  const cut = join(dir, 'cut.mp4');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return cut;
}

/** Convert an image file with ffmpeg (e.g. to .bmp) into a temporary folder. */
export function convertImage(path: string, name: string): string {
  const out = join(tempDir('fer-conv-'), name);
  ffmpeg(['-i', path, out]);
  return out;
}

/** Inputs that `fer video` must refuse: name -> [path, expected exit code]. */
export function badVideos(clip: string): Record<string, [string, number]> {
  const dir = tempDir('fer-badv-');
  const audio = join(dir, 'audio.m4a');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audio]);
  const truncated = join(dir, 'truncated.mp4');
  const bytes = readFileSync(clip);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const text = join(dir, 'notes.mp4');
  writeFileSync(text, 'not a video\n');
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  const zero = join(dir, 'zero.mp4');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=1', '-frames:v', '0', '-c:v', 'libx264', zero]);
  return {
    audio: [audio, 4],
    truncated: [truncated, 4],
    text: [text, 4],
    empty: [empty, 4],
    zero: [zero, 4],
    missing: [join(dir, 'nope.mp4'), 3],
  };
}

/** A clip written to a pipe, as browsers' MediaRecorder and live muxers write it: no duration in its header. */
export function streamedClip(format: 'webm' | 'matroska', seconds = 3): string {
  const path = join(tempDir('fer-pipe-'), `streamed.${format === 'webm' ? 'webm' : 'mkv'}`);
  const codec =
    format === 'webm'
      ? ['-c:v', 'libvpx', '-b:v', '300k']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  const bytes = execFileSync(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=320x240:rate=10:duration=${seconds}`,
      ...codec,
      '-f',
      format,
      '-',
    ],
    { maxBuffer: 64 * 2 ** 20 },
  );
  writeFileSync(path, bytes);
  return path;
}

/**
 * A small H.264 clip (64x48, lossless) whose grey level encodes each frame's number: 5 * n, so a decoded
 * frame tells which source frame it is. `vfr`: frames 10+ come 1 s late (at n / rate + 1 s), a gap of
 * 1 s + one frame after frame 9. `cutAt`: from that frame on the level is 255 - 5 * (n - cutAt), a scene cut.
 */
export function numberedClip(frames: number, rate: number, o: { vfr?: boolean; cutAt?: number } = {}): string {
  const path = join(tempDir('fer-num-'), 'numbered.mp4');
  const level = o.cutAt === undefined ? '5*N' : `if(lt(N,${o.cutAt}),5*N,255-5*(N-${o.cutAt}))`;
  const times = o.vfr ? [`,setpts='N+gte(N,10)*${rate}'`] : [];
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `nullsrc=s=64x48:r=${rate},format=rgb24,geq=r='${level}':g='${level}':b='${level}'${times.join('')}`,
    '-frames:v',
    String(frames),
    '-vsync',
    'passthrough',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-qp',
    '0',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

/** A 0.8 s clip (640x360, 25 fps): the astronaut, 300 px, panned at 400 px/s (16 px a frame) across a grey frame and out on the right. */
export function pannedFaceClip(): string {
  const path = join(tempDir('fer-pan-'), 'panned.mp4');
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'color=gray:s=640x360:r=25:d=0.8',
    '-loop',
    '1',
    '-framerate',
    '25',
    '-i',
    ASTRONAUT,
    '-filter_complex',
    "[1:v]scale=300:300[f];[0:v][f]overlay=x='380+t*400':y=30:shortest=1,format=yuv420p",
    '-t',
    '0.8',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    path,
  ]);
  return path;
}
