import { writeFile } from 'node:fs/promises';
import { writeFailure } from '../io/write-failure.js';
import type { EvalReport } from '../pipeline/evaluate.js';
import { drawConfusionMatrix, drawRecallBars } from '../render/draw-eval-charts.js';
import type { OutputFolder } from './output-folder.js';
import { EVAL_OUTPUTS } from './output-names.js';

/**
 * Write an evaluation into an output folder opened for `EVAL_OUTPUTS.stem` (opened before the evaluation,
 * so a bad `-o` fails before any work): `eval.json` (the report), `confusion.png` (row-normalised confusion
 * matrix with counts and a "no face" column) and `recall.png` (per-class recall bars), all drawn from the
 * report's own figures, each complete or absent; returns the paths.
 * @example
 * const out = await openOutputFolder('out/', EVAL_OUTPUTS.stem);
 * await writeEvalReport(out, await evaluateFolder('faces/', fer), 'FER+ valid');
 */
export async function writeEvalReport(out: OutputFolder, report: EvalReport, name: string): Promise<string[]> {
  const title = `${name}: accuracy ${(report.accuracy * 100).toFixed(1)}%, balanced ${(report.balancedAccuracy * 100).toFixed(1)}% (${report.n} images)`;
  const chart = { ...report, title };
  try {
    const files: [string, string | Buffer][] = [
      [EVAL_OUTPUTS.json, JSON.stringify(report, null, 1) + '\n'],
      [EVAL_OUTPUTS.confusion, await drawConfusionMatrix(chart)],
      [EVAL_OUTPUTS.recall, await drawRecallBars(chart)],
    ];
    for (const [file, data] of files)
      await writeFile(out.path(file), data).catch((e) => {
        throw writeFailure(e, `${out.dir}/${file}`);
      });
  } catch (e) {
    await out.discard();
    throw e;
  }
  return out.commit();
}
