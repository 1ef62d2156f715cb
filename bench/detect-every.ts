/**
 * `node dist/bench/detect-every.js`: what detecting every k-th analysed frame (`--detect-every k`) costs in
 * accuracy against detecting every frame (k = 1), on the shared sample clips test.mp4 and woman2.mp4, at
 * `-f 5` and every frame, for k = 1, 2, 3, 4, 6 (env KS="1,2,3"; CLIPS="test,woman2"). Prints one Markdown
 * table: detector runs, % of baseline faces with the same ensemble label, mean box IoU with the baseline,
 * distinct face ids, the longest run of frames a baseline face is missed, and analysed frames/s (noisy on
 * a busy machine: judge k on the accuracy columns).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyseVideo, createRecognizer, type Recognizer } from '../src/index.js';
import { iou } from '../src/track/tracker.js';
import type { Box } from '../src/types.js';
import { SHARED } from '../test/helpers/fixtures.js';

const KS = (process.env.KS ?? '1,2,3,4,6').split(',').map(Number);
const CLIPS = (process.env.CLIPS ?? 'test,woman2').split(',');
const RATES = [5, 0];
/** Boxes overlapping at least this much are the same face. */
const SAME_FACE = 0.3;

/** One face of one analysed frame. */
interface Face {
  box: Box;
  emotion: string;
  id: number;
}

/** One run of a clip: faces per analysed frame, detector runs and the analysis rate. */
interface Run {
  frames: Face[][];
  detections: number;
  fps: number;
}

/** Analyse a clip with `--detect-every k` and keep what the comparison needs. */
async function analyse(fer: Recognizer, input: string, fps: number, detectEvery: number): Promise<Run> {
  const { frames } = await analyseVideo(fer, { input, fps, detectEvery });
  const run: Run = { frames: [], detections: 0, fps: 0 };
  let first = 0;
  for await (const f of frames) {
    if (f.index === 0) first = performance.now();
    run.frames.push(f.result.faces.map((face, i) => ({ box: face.box, emotion: face.emotion, id: f.faceIds[i] })));
    if (f.detected) run.detections += 1;
  }
  run.fps = (run.frames.length - 1) / ((performance.now() - first) / 1000);
  return run;
}

/** For each baseline face of a frame, the run's face over it (greedy by overlap), or null. */
function matchFaces(base: Face[], run: Face[]): (Face | null)[] {
  const pairs = base
    .flatMap((b, i) => run.map((r, j) => ({ i, j, overlap: iou(b.box, r.box) })))
    .filter((p) => p.overlap >= SAME_FACE);
  pairs.sort((p, q) => q.overlap - p.overlap);
  const matched: (Face | null)[] = base.map(() => null);
  const used = new Set<number>();
  for (const p of pairs) {
    if (matched[p.i] || used.has(p.j)) continue;
    matched[p.i] = run[p.j];
    used.add(p.j);
  }
  return matched;
}

/** Agreement of a run with the baseline run of the same clip and rate. */
function compareRuns(
  base: Run,
  run: Run,
): { sameLabel: number; meanIou: number; ids: [number, number]; longestMiss: number } {
  let faces = 0,
    same = 0,
    overlap = 0,
    matchedCount = 0,
    longestMiss = 0;
  const missing = new Map<number, number>();
  base.frames.forEach((baseFaces, f) => {
    const matched = matchFaces(baseFaces, run.frames[f] ?? []);
    baseFaces.forEach((b, i) => {
      const m = matched[i];
      faces += 1;
      if (m && m.emotion === b.emotion) same += 1;
      if (m) [overlap, matchedCount] = [overlap + iou(b.box, m.box), matchedCount + 1];
      const miss = m ? 0 : (missing.get(b.id) ?? 0) + 1;
      missing.set(b.id, miss);
      longestMiss = Math.max(longestMiss, miss);
    });
  });
  const distinct = (r: Run): number => new Set(r.frames.flat().map((x) => x.id)).size;
  return {
    sameLabel: faces ? (100 * same) / faces : 100,
    meanIou: matchedCount ? overlap / matchedCount : 1,
    ids: [distinct(run), distinct(base)],
    longestMiss,
  };
}

/** The table's rows for one clip at one rate. */
async function benchClip(fer: Recognizer, clip: string, fps: number): Promise<string[]> {
  const input = join(SHARED, 'media', `${clip}.mp4`);
  const base = await analyse(fer, input, fps, 1);
  const rows: string[] = [];
  for (const k of KS) {
    const run = k === 1 ? base : await analyse(fer, input, fps, k);
    const c = compareRuns(base, run);
    const cells = [
      `${clip}.mp4`,
      fps ? `-f ${fps}` : 'every frame',
      String(k),
      `${run.detections}/${run.frames.length}`,
      `${c.sameLabel.toFixed(1)} %`,
      c.meanIou.toFixed(3),
      `${c.ids[0]} (${c.ids[1]})`,
      `${c.longestMiss}${c.longestMiss > k ? ' (> k)' : ''}`,
      run.fps.toFixed(2),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
    process.stderr.write(`${cells.join('  ')}\n`);
  }
  return rows;
}

const missing = CLIPS.map((c) => join(SHARED, 'media', `${c}.mp4`)).filter((p) => !existsSync(p));
if (missing.length) {
  process.stderr.write(`detect-every bench skipped: ${missing.join(', ')} not present (../shared/media)\n`);
} else {
  const fer = await createRecognizer();
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average at start ${loadavg()[0].toFixed(1)}`;
  const rows: string[] = [];
  for (const clip of CLIPS) for (const fps of RATES) rows.push(...(await benchClip(fer, clip, fps)));
  await fer.dispose();
  process.stdout.write(`\nfer detect-every bench: ${machine}, load average at end ${loadavg()[0].toFixed(1)}\n\n`);
  process.stdout.write(
    '| clip | frames | k | detector runs | same label as k=1 | mean box IoU | face ids (k=1) | longest miss (frames) | frames/s |\n',
  );
  process.stdout.write(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`);
}
