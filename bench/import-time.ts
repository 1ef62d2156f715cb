/**
 * `import` time of the package entries for `npm run bench`: fresh node processes importing the built entry,
 * against a bare `node -e 0` measured in the same run, interleaved (and the baseline build's entry when given).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { middle } from './measure.js';

/** Records one table row (bench/run.ts's `row`). */
type Row = (what: string, value: string, note?: string) => void;

/** The most the package entry may add to a bare node start, in ms. */
const TARGET_MS = 150;

/** Wall ms of one fresh `node` running `code` as an ES module. */
function nodeMs(code: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} failed: ${r.stderr}`);
  return ms;
}

/** `await import()` of a built file, as node -e code. */
const importOf = (file: string): string => `await import(${JSON.stringify(pathToFileURL(file).href)});`;

/**
 * Rows: import time of `fer-esr9` and `fer-esr9/queue` (median of `runs` fresh processes each, minus the
 * median bare `node -e 0`), the main entry against its target; `baselineRoot` (a checkout with its own
 * dist/) adds its entry, interleaved.
 * @example
 * benchImportTime(ROOT, row, 9, process.env.FER_BENCH_BASELINE && join(dirname(process.env.FER_BENCH_BASELINE), '..'));
 */
export function benchImportTime(root: string, row: Row, runs = 9, baselineRoot?: string): void {
  const entries = [
    { name: 'fer-esr9', code: importOf(join(root, 'dist', 'src', 'index.js')) },
    { name: 'fer-esr9/queue', code: importOf(join(root, 'dist', 'src', 'queue', 'index.js')) },
    ...(baselineRoot
      ? [{ name: 'fer-esr9 (baseline build)', code: importOf(join(baselineRoot, 'dist', 'src', 'index.js')) }]
      : []),
  ];
  const bare: number[] = [];
  const times = entries.map(() => [] as number[]);
  nodeMs('0');
  entries.forEach((e) => nodeMs(e.code));
  for (let i = 0; i < runs; i++) {
    bare.push(nodeMs('0'));
    entries.forEach((e, k) => times[k].push(nodeMs(e.code)));
  }
  const base = middle(bare);
  entries.forEach((e, k) => {
    const total = middle(times[k]);
    const net = total - base;
    const target = k === 0 ? `; target <= ${TARGET_MS} ms${net > TARGET_MS ? ': not met' : ': met'}` : '';
    row(
      `import of \`${e.name}\` (fresh node, median of ${runs}, minus bare node)`,
      `${net.toFixed(0)} ms`,
      `node with the import ${total.toFixed(0)} ms, bare \`node -e 0\` ${base.toFixed(0)} ms${target}`,
    );
  });
}
