/**
 * `npm run bench`: ESR-9 ms/face per engine, detector ms/frame (ONNX SSD vs face-api's SSD), cold
 * start and peak memory of `fer image`, and `fer video` analysed frames/s after start-up (also detecting
 * every frame vs every k-th, `--detect-every`), as one Markdown table. FER_BENCH_BASELINE=/path/to/other/bin/fer.js
 * also runs that build, interleaved, as a same-run baseline for the command-level rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_DEFAULTS } from '../src/options.js';
import { benchClip } from './clip.js';
import { benchDetectors, benchEngines } from './engines.js';
import { benchFirstRun } from './first-run.js';
import { benchImportTime } from './import-time.js';
import { benchInstallSize } from './install-size.js';
import { coldRun, middle, videoRun, type VideoRun } from './measure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const ASTRONAUT = join(ROOT, 'media', 'astronaut.png');
const BIN = join(ROOT, 'bin', 'fer.js');
const BASELINE = process.env.FER_BENCH_BASELINE;
/** FER_BENCH_GPU=1 (bench/gpu.sh): the onnx rows and the commands run with -c. */
const GPU = process.env.FER_BENCH_GPU === '1';
const GPU_ARGS = GPU ? ['-c'] : [];
const rows: string[][] = [];

/** Record one table row and echo it as it is measured. */
function row(what: string, value: string, note = ''): void {
  rows.push([what, value, note]);
  process.stderr.write(`${what}: ${value} ${note}\n`);
}

/** Cold `fer image` (median of 5): wall time and peak memory, interleaved with the baseline build. */
function benchColdStart(): void {
  const args = ['image', '-i', ASTRONAUT, ...GPU_ARGS];
  const ours: ReturnType<typeof coldRun>[] = [];
  const base: ReturnType<typeof coldRun>[] = [];
  coldRun(BIN, args);
  for (let i = 0; i < 5; i++) {
    ours.push(coldRun(BIN, args));
    if (BASELINE) base.push(coldRun(BASELINE, args));
  }
  const seconds = middle(ours.map((r) => r.seconds));
  const peak = middle(ours.map((r) => r.peakMiB));
  const vs = (mine: number, other: number[], unit: string): string =>
    BASELINE
      ? `baseline ${middle(other).toFixed(unit === 's' ? 2 : 0)} ${unit} (${(middle(other) / mine).toFixed(1)}x)`
      : '';
  row(
    'cold start `fer image -i media/astronaut.png` (median of 5)',
    `${seconds.toFixed(2)} s`,
    `target <= 0.6 s${seconds > 0.6 ? `: ${(seconds - 0.6).toFixed(2)} s short` : ': met'}; ${vs(
      seconds,
      base.map((r) => r.seconds),
      's',
    )}`,
  );
  row(
    'peak memory of that command (median of 5)',
    `${peak.toFixed(0)} MiB`,
    `target <= 250 MiB${peak > 250 ? ': not met' : ': met'}; ${vs(
      peak,
      base.map((r) => r.peakMiB),
      'MiB',
    )}`,
  );
}

/** `fer video -f 5` on the 640x360 clip with and without -g and -o: analysed frames/s after start-up. */
async function benchVideo(): Promise<void> {
  const clip = benchClip(SHARED, ASTRONAUT);
  process.stderr.write(`video: ${clip.what}\n`);
  let reference: VideoRun | null = null;
  for (const extra of [[], ['-g'], ['-o'], ['-g', '-o']]) {
    const out = mkdtempSync(join(tmpdir(), 'fer-bench-out-'));
    const args = [
      '-i',
      clip.path,
      '-f',
      '5',
      ...GPU_ARGS,
      ...extra.map((a) => (a === '-o' ? ['-o', out] : [a])).flat(),
    ];
    const r = await videoRun(BIN, args);
    const b = BASELINE ? await videoRun(BASELINE, args) : null;
    reference ??= r;
    const same = r.labels.join() === reference.labels.join() && (!b || b.labels.join() === r.labels.join());
    const failed = r.status !== 0 || !(r.fps > 0);
    const note = [
      `${r.frames} frames`,
      failed
        ? `FAILED (exit status ${r.status})`
        : `target >= 30${r.fps < 30 ? `: ${(30 / r.fps).toFixed(1)}x short` : ': met'}`,
      b ? `baseline ${b.fps.toFixed(2)} frames/s (${(r.fps / b.fps).toFixed(1)}x)` : '',
      same ? 'same labels in every run' : 'LABELS DIFFER',
    ]
      .filter(Boolean)
      .join('; ');
    row(`fer video -f 5 ${extra.join(' ') || '(CSV/JSON lines to stdout only)'}`, `${r.fps.toFixed(2)} frames/s`, note);
    rmSync(out, { recursive: true, force: true });
  }
  await benchDetectEvery(clip.path);
  rmSync(clip.path, { force: true });
}

/**
 * `fer video -f 5` detecting every frame and every k-th (the default): analysed frames/s and frames with the
 * same labels; the fp32 every-frame run as the accuracy reference; then every frame of the 25 fps clip (real time).
 */
async function benchDetectEvery(clip: string): Promise<void> {
  const k = ANALYSIS_DEFAULTS.detectEvery;
  const reference = await videoRun(BIN, [
    '-i',
    clip,
    '-f',
    '5',
    ...GPU_ARGS,
    '--detect-every',
    '1',
    '--precision',
    'fp32',
  ]);
  const every = await videoRun(BIN, ['-i', clip, '-f', '5', ...GPU_ARGS, '--detect-every', '1']);
  const kth = await videoRun(BIN, ['-i', clip, '-f', '5', ...GPU_ARGS, '--detect-every', String(k)]);
  const same = every.labels.filter((labels, i) => labels === kth.labels[i]).length;
  row(
    'fer video -f 5 --detect-every 1',
    `${every.fps.toFixed(2)} frames/s`,
    `${every.frames} frames, the detector on each`,
  );
  row(
    `fer video -f 5 --detect-every ${k} (default)`,
    `${kth.fps.toFixed(2)} frames/s`,
    `${(kth.fps / every.fps).toFixed(1)}x; same labels as --detect-every 1 on ${same} of ${every.frames} frames (bench/detect-every.ts compares per face)`,
  );
  const asReference = kth.labels.filter((labels, i) => labels === reference.labels[i]).length / reference.frames;
  row(
    'fer video -f 5 --precision fp32 --detect-every 1 (accuracy reference)',
    `${reference.fps.toFixed(2)} frames/s`,
    `the default run has its labels on ${(100 * asReference).toFixed(1)} % of frames (target >= 95 %${asReference < 0.95 ? ': not met' : ': met'})`,
  );
  const live = await videoRun(BIN, ['-i', clip, ...GPU_ARGS]);
  row(
    'real time: fer video on every frame of the 25 fps clip',
    `${live.fps.toFixed(2)} frames/s`,
    `${(live.fps / 25).toFixed(2)}x the clip's frame rate (target >= 1.0x${live.fps < 25 ? ': not met' : ': met'}); ${live.frames} frames`,
  );
}

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}${GPU ? ' + GPU (-c)' : ''}, Node ${process.version}, load average at start ${loadavg()[0].toFixed(1)}`;
process.stderr.write(`fer bench on ${machine}${BASELINE ? `; baseline ${BASELINE}` : ''}\n`);
await benchEngines(row, GPU);
await benchDetectors(row, GPU);
benchImportTime(ROOT, row, 9, BASELINE && join(dirname(BASELINE), '..'));
benchInstallSize(row);
benchColdStart();
benchFirstRun(ROOT, row);
await benchVideo();
process.stdout.write(
  `\nfer bench: ${machine}, load average at end ${loadavg()[0].toFixed(1)}${BASELINE ? `; baseline = ${BASELINE}` : ''}\n\n`,
);
process.stdout.write(
  `| what | fer | notes |\n| --- | --- | --- |\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`,
);
