/** Timing helpers for `npm run bench`: medians, cold runs with peak memory, and video frame rates after start-up. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const PRELOAD = new URL('./peak-rss.js', import.meta.url).href;

/**
 * Median of timings (ms) of `runs` calls after `warmup` calls.
 * @example
 * await median(() => engine.run(input, 1, false), 15);
 */
export async function median(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return middle(t);
}

/**
 * The median of numbers.
 * @example
 * middle([3, 1, 2]); // 2
 */
export function middle(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Run `node bin args` to completion: wall seconds and peak resident memory (MiB) of the whole process.
 * @example
 * coldRun('bin/fer.js', ['image', '-i', 'media/astronaut.png']); // { seconds: 0.9, peakMiB: 240 }
 */
export function coldRun(bin: string, args: string[]): { seconds: number; peakMiB: number; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'fer-bench-rss-'));
  const file = join(dir, 'rss');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, bin, ...args], {
    stdio: 'ignore',
    env: { ...process.env, FER_BENCH_RSS_FILE: file },
  });
  const seconds = (performance.now() - start) / 1000;
  let peakMiB = NaN;
  try {
    peakMiB = Number(readFileSync(file, 'utf8')) / 1024;
  } catch {
    /* the command died before exit handlers ran */
  }
  rmSync(dir, { recursive: true, force: true });
  return { seconds, peakMiB, status: r.status };
}

/** Result of one `fer video --json` run. */
export interface VideoRun {
  frames: number;
  /** Analysed frames per second from the first frame's line to the last (start-up excluded). */
  fps: number;
  /** Wall seconds of the whole command. */
  seconds: number;
  /** Per frame, the emotions of its faces (to compare accuracy between runs). */
  labels: string[];
  status: number | null;
}

/**
 * Run `fer video ... --json` and time the per-frame lines as they arrive on stdout.
 * @example
 * const r = await videoRun('bin/fer.js', ['-i', 'clip.mp4', '-f', '5']); // r.fps
 */
export function videoRun(bin: string, args: string[]): Promise<VideoRun> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, [bin, 'video', ...args, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const times: number[] = [];
    const labels: string[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        if (!line.startsWith('{"frame"')) continue;
        times.push(performance.now());
        labels.push((JSON.parse(line).faces as { emotion: string }[]).map((f) => f.emotion).join('+'));
      }
    });
    child.on('close', (status) => {
      const span = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : NaN;
      resolve({
        frames: times.length,
        fps: (times.length - 1) / span,
        seconds: (performance.now() - start) / 1000,
        labels,
        status,
      });
    });
  });
}
