/**
 * `npm run bench` rows for the README's first command on an empty graph cache: wall time and peak memory of
 * the first run (median of 3, each on a fresh empty FER_CACHE_DIR), the cache it leaves, and the next run.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldRun, middle } from './measure.js';

/** First-run targets: first run <= 2 s and <= 450 MiB, cache <= 80 MB; later runs no slower than before (1.35 s, 403 MiB). */
const TARGETS = { firstSeconds: 2, firstMiB: 450, cacheMB: 80, laterSeconds: 1.35, laterMiB: 403 };

/** One row writer, as bench/run.ts's row(). */
type Row = (what: string, value: string, note?: string) => void;

/** Total size of the files in a folder, in MB (10^6 bytes). */
function folderMB(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 1e6;
}

/** `note` for a measured value against a target it must not exceed. */
function against(value: number, target: number, unit: string): string {
  return `target <= ${target} ${unit}${value > target ? ': not met' : ': met'}`;
}

/** Run `bin args` with FER_CACHE_DIR set to `cache` (coldRun passes the environment on). */
function runWithCache(bin: string, args: string[], cache: string): ReturnType<typeof coldRun> {
  const saved = process.env.FER_CACHE_DIR;
  process.env.FER_CACHE_DIR = cache;
  try {
    return coldRun(bin, args);
  } finally {
    if (saved === undefined) delete process.env.FER_CACHE_DIR;
    else process.env.FER_CACHE_DIR = saved;
  }
}

/**
 * First and second run of `fer image -i media/astronaut.png -b -g -o DIR` on an empty cache (3 fresh caches):
 * seconds and peak MiB of each, and the cache size after the first; one row each, with its target.
 * @example
 * benchFirstRun('/path/to/fer', row);
 */
export function benchFirstRun(root: string, row: Row, runs = 3): void {
  const bin = join(root, 'bin', 'fer.js');
  const first: ReturnType<typeof coldRun>[] = [];
  const second: ReturnType<typeof coldRun>[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cache = mkdtempSync(join(tmpdir(), 'fer-bench-cache-'));
    const out = mkdtempSync(join(tmpdir(), 'fer-bench-out-'));
    const args = ['image', '-i', join(root, 'media', 'astronaut.png'), '-b', '-g', '-o', out];
    first.push(runWithCache(bin, args, cache));
    sizes.push(folderMB(cache));
    second.push(runWithCache(bin, args, cache));
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
  const failed = [...first, ...second].filter((r) => r.status !== 0).length;
  const status = failed ? `; ${failed} run(s) FAILED` : '';
  const what = '`fer image -i media/astronaut.png -b -g -o DIR`';
  const [s1, m1, s2, m2, mb] = [
    first.map((r) => r.seconds),
    first.map((r) => r.peakMiB),
    second.map((r) => r.seconds),
    second.map((r) => r.peakMiB),
    sizes,
  ].map(middle);
  row(
    `first run of ${what}, empty graph cache (median of ${runs})`,
    `${s1.toFixed(2)} s`,
    `${against(s1, TARGETS.firstSeconds, 's')}${status}`,
  );
  row('peak memory of that first run', `${m1.toFixed(0)} MiB`, against(m1, TARGETS.firstMiB, 'MiB'));
  row('graph cache it leaves', `${mb.toFixed(1)} MB`, against(mb, TARGETS.cacheMB, 'MB'));
  row(
    `second run of ${what} (cache warm, median of ${runs})`,
    `${s2.toFixed(2)} s`,
    `${against(s2, TARGETS.laterSeconds, 's')} (before: 1.35 s)${status}`,
  );
  row(
    'peak memory of that second run',
    `${m2.toFixed(0)} MiB`,
    `${against(m2, TARGETS.laterMiB, 'MiB')} (before: 403 MiB)`,
  );
}
