/**
 * Runnable code blocks of the Markdown docs. A fence whose info string is `sh runnable` or `js runnable`
 * (GitHub shows only the first word) is run by test/docs/docs.test.ts; words after `runnable` set
 * `exit=N` (the expected exit status, default 0) and `redis` (needs a Redis server, given as
 * $FER_REDIS_URL). The first fence after it, when its info string is `text output`, holds the expected
 * stdout and stderr together; a line `...` in it stands for any number of lines.
 */

/** One runnable block and the output block that follows it, if any. */
export interface DocBlock {
  lang: 'sh' | 'js';
  /** 1-based line of the opening fence, for messages. */
  line: number;
  code: string;
  exit: number;
  redis: boolean;
  /** The expected output and the 0-based line range of its body (fences excluded), or null. */
  expected: { text: string; from: number; to: number } | null;
}

/** A fence line: its backticks and info string. */
const FENCE = /^(`{3,})\s*(.*)$/;
/** Absolute difference allowed between a decimal number shown and the one printed (int8 vs fp32 arithmetic). */
export const NUMBER_TOLERANCE = 0.02;
const DECIMAL = /[-+]?\d+\.\d+/g;

/** Every fenced block of a Markdown text: info string, body lines and the 0-based body range. */
function listFences(lines: string[]): { info: string; from: number; to: number }[] {
  const fences: { info: string; from: number; to: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(open[1])) end++;
    fences.push({ info: open[2].trim(), from: i + 1, to: end });
    i = end;
  }
  return fences;
}

/**
 * The runnable blocks of a Markdown text, in order, each with its expected output block.
 * @example
 * extractBlocks('```sh runnable\nfer --version\n```\n\n```text output\n0.1.0\n```\n')[0].expected.text; // '0.1.0'
 */
export function extractBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const fences = listFences(lines);
  const blocks: DocBlock[] = [];
  fences.forEach((f, i) => {
    const m = /^(sh|bash|js|javascript)\s+runnable\b(.*)$/.exec(f.info);
    if (!m) return;
    const next = fences[i + 1];
    const expected =
      next && /^text\s+output\b/.test(next.info)
        ? { text: lines.slice(next.from, next.to).join('\n'), from: next.from, to: next.to }
        : null;
    const exit = /\bexit=(\d+)/.exec(m[2]);
    blocks.push({
      lang: m[1].startsWith('j') ? 'js' : 'sh',
      line: f.from,
      code: lines.slice(f.from, f.to).join('\n'),
      exit: exit ? Number(exit[1]) : 0,
      redis: /\bredis\b/.test(m[2]),
      expected,
    });
  });
  return blocks;
}

/** Whether one printed line matches one shown line: the same text, decimal numbers within NUMBER_TOLERANCE. */
function matchLine(shown: string, printed: string): boolean {
  if (shown.replace(DECIMAL, '#') !== printed.replace(DECIMAL, '#')) return false;
  const a = shown.match(DECIMAL) ?? [],
    b = printed.match(DECIMAL) ?? [];
  return a.every(
    (x, i) =>
      x.split('.')[1].length === b[i].split('.')[1].length && Math.abs(Number(x) - Number(b[i])) <= NUMBER_TOLERANCE,
  );
}

/** Whether printed lines from `p` on match shown lines from `s` on, `...` matching any run of lines. */
function matchFrom(shown: string[], s: number, printed: string[], p: number): boolean {
  if (s === shown.length) return p === printed.length;
  if (shown[s].trim() === '...') {
    for (let k = p; k <= printed.length; k++) if (matchFrom(shown, s + 1, printed, k)) return true;
    return false;
  }
  return p < printed.length && matchLine(shown[s], printed[p]) && matchFrom(shown, s + 1, printed, p + 1);
}

/**
 * Whether printed output matches the output shown in the docs (trailing blank lines ignored).
 * @example
 * outputMatches('face 1 Happy\n...\ndone', 'face 1 Happy\nrow\nrow\ndone\n'); // true
 */
export function outputMatches(shown: string, printed: string): boolean {
  const split = (t: string): string[] =>
    t
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => l.replace(/\s+$/, ''));
  return matchFrom(split(shown), 0, split(printed), 0);
}

/**
 * The Markdown with each listed output block's body replaced (blocks are given by their line ranges).
 * @example
 * const fixed = replaceOutputs(markdown, [{ from: 12, to: 15, text: 'new output' }]);
 */
export function replaceOutputs(markdown: string, changes: { from: number; to: number; text: string }[]): string {
  const lines = markdown.split('\n');
  for (const c of [...changes].sort((a, b) => b.from - a.from))
    lines.splice(c.from, c.to - c.from, ...c.text.replace(/\s+$/, '').split('\n'));
  return lines.join('\n');
}

/**
 * The anchors GitHub gives a Markdown page: one per heading (lower case, punctuation dropped, spaces to
 * hyphens, repeats numbered -1, -2, …) plus every `<a id="…">`. Fenced blocks are skipped.
 * @example
 * pageAnchors('## `fer image`\n').has('fer-image'); // true
 */
export function pageAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.matchAll(/<a id="([^"]+)"/g)) anchors.add(m[1]);
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

/**
 * The relative links of a Markdown page outside fenced blocks: `[text](target)` and `![alt](target)`,
 * without web addresses.
 * @example
 * relativeLinks('[cli](docs/cli.md#exit-codes)'); // ['docs/cli.md#exit-codes']
 */
export function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g))
      if (!/^[a-z]+:/i.test(m[1])) links.push(m[1]);
  }
  return links;
}
