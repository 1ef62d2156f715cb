/**
 * `npm run stress:exit [runs]`: every way fer can end early, run many times (default 50 each): a library
 * script ending by an uncaught error, an unhandled rejection, a plain throw, process.exit() or without
 * dispose() while its recognizer is busy, and a second Ctrl+C during `fer video -o` and `fer webcam -o`.
 * Prints, per path, the exit codes seen, the native aborts and the runs that left hidden files (temporary
 * results, locks) in their output folder. Exits 1 when any run aborted natively or left a hidden file.
 * FER_STRESS_ONLY=text runs only the paths whose name contains it (e.g. `fer` or `library`).
 */
import { tempDir } from '../test/helpers/fixtures.js';
import { type ExitOutcome, interruptTwice, LIBRARY_PATHS, runLibraryPath } from '../test/helpers/exit-paths.js';
import { writeRandomModel } from '../test/helpers/random-weights.js';
import { faceClip } from '../test/helpers/videos.js';

const RUNS = Number(process.argv[2] ?? process.env.FER_STRESS_RUNS ?? 50);
/** How long the stress waits for the "stopping" line before sending the second signal anyway (a build that prints none). */
const SECOND_SIGNAL_FALLBACK_MS = 500;
const ONLY = process.env.FER_STRESS_ONLY ?? '';

/** The tallies of one path. */
interface Tally {
  codes: Map<string, number>;
  aborts: number;
  hidden: number;
}

/** Add one run's outcome to a tally. */
function count(t: Tally, r: ExitOutcome): void {
  const key = r.code === null ? String(r.signal) : String(r.code);
  t.codes.set(key, (t.codes.get(key) ?? 0) + 1);
  if (r.code === 134 || r.signal === 'SIGABRT' || /terminate called|Napi::Error/.test(r.err)) t.aborts += 1;
  if (r.hidden.length) t.hidden += 1;
}

/** Run one path RUNS times and print its row. */
async function stress(name: string, once: () => Promise<ExitOutcome> | ExitOutcome): Promise<Tally> {
  const t: Tally = { codes: new Map(), aborts: 0, hidden: 0 };
  if (!name.includes(ONLY)) return t;
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    count(t, r);
    const error = r.err.split('\n').find((l) => l.startsWith('fer: ') && !l.startsWith('fer: stopping')) ?? '';
    process.stderr.write(
      `${name} run ${i + 1}: exit ${r.code ?? r.signal}, hidden files ${r.hidden.length} ${error}\n`,
    ); // partial counts survive an interrupted stress
  }
  const codes = [...t.codes].map(([code, n]) => `${code} x${n}`).join(', ');
  console.log(`| ${name} | ${RUNS} | ${codes} | ${t.aborts} | ${t.hidden} |`);
  return t;
}

const modelDir = writeRandomModel(15);
const clip = faceClip(30, 10);
console.log('| path | runs | exit codes | native aborts | runs leaving hidden files |\n|---|---|---|---|---|');
const tallies: Tally[] = [];
for (const { name } of LIBRARY_PATHS)
  tallies.push(await stress(`library: ${name}`, () => runLibraryPath(name, modelDir)));
for (const command of ['video', 'webcam']) {
  tallies.push(
    await stress(`fer ${command} -o: second SIGINT`, () => {
      const out = tempDir();
      const input = command === 'video' ? ['-i', clip] : ['--input', clip];
      return interruptTwice(
        [command, ...input, '-f', '5', '--json', '-o', out, '--model-dir', modelDir],
        out,
        SECOND_SIGNAL_FALLBACK_MS,
      );
    }),
  );
}
process.exitCode = tallies.some((t) => t.aborts || t.hidden) ? 1 : 0;
