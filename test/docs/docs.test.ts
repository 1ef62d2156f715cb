import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type DocBlock, extractBlocks, outputMatches, replaceOutputs } from '../helpers/doc-blocks.js';
import { ROOT, tempDir } from '../helpers/fixtures.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

/**
 * The runnable blocks of README.md, docs/*.md and media/README.md (see test/helpers/doc-blocks.ts for the
 * markers) run in order, one temporary folder per page, on the shipped media; their output must match the
 * output block shown after them. In that folder `media` is this checkout's media/, `fer` and `npx fer`
 * run this checkout's bin/fer.js, and `import 'fer-esr9'` loads this checkout's dist/. The only
 * normalisation: the temporary folder's path reads `$TMP`, and decimal numbers may differ by
 * NUMBER_TOLERANCE (int8 arithmetic on CPUs with VNNI, fp32 elsewhere). FER_DOCS_UPDATE=1 rewrites the
 * output blocks that do not match instead of failing; FER_DOCS_ONLY=page,page limits the run to those pages.
 */

const UPDATE = process.env.FER_DOCS_UPDATE === '1';
const ALL_PAGES = [
  'README.md',
  'media/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
/** FER_DOCS_ONLY=docs/a.md,README.md runs only those pages (with FER_DOCS_UPDATE, to refresh one page). */
const PAGES = process.env.FER_DOCS_ONLY
  ? ALL_PAGES.filter((p) => process.env.FER_DOCS_ONLY!.split(',').includes(p))
  : ALL_PAGES;
/** One graph cache for the whole run, so that only the first fer process optimises the graphs. */
const CACHE = tempDir('fer-docs-cache-');
const FFMPEG_MISSING =
  spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 ? null : 'ffmpeg is not installed';

/** A folder where the docs' commands run: media/, a `fer` and `npx` on PATH, and fer-esr9 as a dependency. */
function makeWorkspace(): { dir: string; path: string } {
  const dir = tempDir('fer-docs-');
  symlinkSync(join(ROOT, 'media'), join(dir, 'media'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'fer-esr9'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  const fer = `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'fer.js')}" "$@"\n`;
  const npx =
    '#!/bin/sh\n[ "$1" = fer ] || { echo "the docs test runs only npx fer" >&2; exit 127; }\nshift\nexec fer "$@"\n';
  writeFileSync(join(bin, 'fer'), fer);
  writeFileSync(join(bin, 'npx'), npx);
  chmodSync(join(bin, 'fer'), 0o755);
  chmodSync(join(bin, 'npx'), 0o755);
  return { dir, path: `${bin}:${process.env.PATH}` };
}

/** Run one block in the workspace; resolves with its exit status and its stdout and stderr together. */
function runBlock(
  block: DocBlock,
  index: number,
  ws: { dir: string; path: string },
  redis: TestRedis | null,
): Promise<{ code: number | string; output: string }> {
  let script = `exec 2>&1\nset -eo pipefail\n${block.code}\n`;
  if (block.lang === 'js') {
    writeFileSync(join(ws.dir, `block-${index}.mjs`), block.code + '\n');
    script = `exec node block-${index}.mjs 2>&1`;
  }
  const env = { ...process.env, PATH: ws.path, FER_CACHE_DIR: CACHE, ...(redis ? { FER_REDIS_URL: redis.url } : {}) };
  const child = spawn('bash', ['-c', script], {
    cwd: ws.dir,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 120_000,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code: code ?? `killed by ${signal}`, output: output.split(ws.dir).join('$TMP') }),
    ),
  );
}

/** Why a block cannot run here, or null. */
function missingTool(block: DocBlock, redis: TestRedis | null): string | null {
  if (block.redis && !redis) return 'redis-server is not installed';
  if (FFMPEG_MISSING && /\.mp4|analyseVideo|fer (video|webcam|queue|worker)/.test(block.code)) return FFMPEG_MISSING;
  return null;
}

for (const page of PAGES) {
  const markdown = readFileSync(join(ROOT, page), 'utf8');
  const blocks = extractBlocks(markdown);
  if (blocks.length === 0) continue;
  test(`${page}: runnable blocks run and print what the page shows`, { timeout: 300_000 }, async (t) => {
    const ws = makeWorkspace();
    const redis = blocks.some((b) => b.redis) ? await startRedis() : null;
    const problems: string[] = [];
    const changes: { from: number; to: number; text: string }[] = [];
    try {
      for (const [i, block] of blocks.entries()) {
        const missing = missingTool(block, redis);
        if (missing) {
          t.diagnostic(`${page}:${block.line} not run: ${missing}`);
          continue;
        }
        const { code, output } = await runBlock(block, i, ws, redis);
        if (code !== block.exit)
          problems.push(`${page}:${block.line}: exit status ${code}, expected ${block.exit}; output:\n${output}`);
        else if (block.expected && !outputMatches(block.expected.text, output)) {
          if (UPDATE) changes.push({ ...block.expected, text: output });
          else
            problems.push(
              `${page}:${block.line}: output differs from the page (FER_DOCS_UPDATE=1 rewrites it).\nshown:\n${block.expected.text}\nprinted:\n${output}`,
            );
        }
      }
    } finally {
      await redis?.stop();
    }
    if (changes.length) {
      writeFileSync(join(ROOT, page), replaceOutputs(markdown, changes));
      t.diagnostic(`${page}: rewrote ${changes.length} output block(s)`);
    }
    assert.deepEqual(problems, []);
  });
}
