import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FerError } from '../../errors.js';
import { writeEvalReport } from '../../output/eval-report.js';
import { openOutputFolder } from '../../output/output-folder.js';
import { EVAL_OUTPUTS } from '../../output/output-names.js';
import { evaluateFolder, type EvalReport } from '../../pipeline/evaluate.js';
import { createRecognizer, type Recognizer } from '../../pipeline/recognizer.js';
import { EXIT } from '../terminal/exit-codes.js';
import { toFerOptions } from './common-options.js';
import type { Io } from '../terminal/terminal-io.js';
import { startProgress, type Progress } from '../terminal/progress.js';

/**
 * A readable accuracy report.
 * @example
 * io.out(formatReport(await evaluateFolder(dir, fer)));
 */
export function formatReport(r: EvalReport): string {
  const pct = (v: number | null): string => (v === null ? '    –' : `${(v * 100).toFixed(1).padStart(5)}%`);
  const withNoFace = r.noFace > 0;
  const lines = [
    `accuracy ${pct(r.accuracy)} on ${r.n} images (${r.noFace} with no face found), balanced accuracy ${pct(r.balancedAccuracy)}`,
    'per-class recall (no face found counts as a miss):',
  ];
  for (const [c, l] of r.labels.entries())
    lines.push(`  ${l.padEnd(14)} ${pct(r.perClass[l])}${r.scored[c] ? ` of ${r.scored[c]}` : ' (no images)'}`);
  lines.push(
    'confusion (rows: true, columns: predicted):',
    '  ' +
      ''.padEnd(14) +
      [...r.labels, ...(withNoFace ? ['none'] : [])].map((l) => l.slice(0, 5).padStart(6)).join(''),
  );
  r.confusion.forEach((row, i) =>
    lines.push(
      `  ${r.labels[i].padEnd(14)}` +
        [...row, ...(withNoFace ? [r.noFaceByClass[i]] : [])].map((v) => String(v).padStart(6)).join(''),
    ),
  );
  for (const [folder, count] of Object.entries(r.skipped))
    lines.push(`not scored: ${count} images in "${folder}" (no matching output class)`);
  for (const [folder, count] of Object.entries(r.outsideClassFolders))
    lines.push(
      `not scored: ${count} images in "${folder}" (${folder === '.' ? 'not in a class folder' : 'a sub-folder of a class folder'})`,
    );
  for (const f of r.failed) lines.push(`unreadable: ${f.path}: ${f.message}`);
  return lines.join('\n');
}

/** Fail unless the path is an existing folder, saying which it is when it is not. */
async function checkFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  const hint = 'pass a folder with one subfolder per class (anger, happy, ...)';
  if (!s) throw new FerError('INPUT_NOT_FOUND', `evaluation folder not found: ${dir}`, hint);
  if (!s.isDirectory())
    throw new FerError(
      'INPUT_UNSUPPORTED',
      `not a folder: ${dir} (fer eval expects a folder of class subfolders)`,
      `${hint}; for one image use \`fer image -i ${dir}\``,
    );
}

/**
 * `fer eval DIR`: accuracy on a folder of class subfolders; with `-o` (checked first) also writes the report,
 * the confusion matrix and the recall chart there; hints at `--detector none` when most images have no face
 * found; returns the exit code.
 * @example
 * await runEvalCommand('faces/', { json: true }, io);
 */
export async function runEvalCommand(dir: string, o: Record<string, unknown>, io: Io): Promise<number> {
  await checkFolder(dir);
  const out = typeof o.output === 'string' ? await openOutputFolder(o.output, EVAL_OUTPUTS.stem) : null; // a bad -o fails before any work
  let report: EvalReport;
  let title = '';
  try {
    const fer = await createRecognizer(toFerOptions(o, false));
    title = `fer eval ${basename(resolve(dir))} (${fer.engine})`;
    report = await scoreFolder(dir, fer, o, io);
  } catch (e) {
    await out?.discard();
    throw e;
  }
  io.out((o.json ? JSON.stringify(report, null, 1) : formatReport(report)) + '\n');
  if (report.noFace * 2 > report.n)
    io.err(
      `fer: no face found in ${report.noFace} of ${report.n} images\n  hint: pre-cropped faces? use --detector none\n`,
    );
  if (out) {
    await writeEvalReport(out, report, title);
    io.err(`wrote eval.json, confusion.png and recall.png to ${o.output}\n`);
  }
  return report.failed.length ? EXIT.PARTIAL : EXIT.OK;
}

/** Evaluate with a progress bar on a terminal, disposing of the recognizer after. */
async function scoreFolder(dir: string, fer: Recognizer, o: Record<string, unknown>, io: Io): Promise<EvalReport> {
  let bar = null as Progress | null;
  try {
    return await evaluateFolder(dir, fer, (done, total) => {
      if (done === 1 && io.isTTY && !o.json) bar = startProgress(io, 'eval {bar} {value}/{total} | {eta}s left', total);
      bar?.update(done);
    });
  } finally {
    bar?.stop();
    await fer.dispose();
  }
}
