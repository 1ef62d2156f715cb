import { writeFile } from 'node:fs/promises';
import { writeFailure } from '../io/write-failure.js';
import type { EvalReport } from '../pipeline/evaluate.js';
import { drawConfusionMatrix, drawRecallBars } from '../render/draw-eval-charts.js';
import { openOutputFolder } from './output-folder.js';
import { EVAL_OUTPUTS } from './output-names.js';

/**
 * Write an evaluation into a folder: `eval.json` (the report), `confusion.png` (row-normalised confusion
 * matrix with counts) and `recall.png` (per-class recall bars), each complete or absent; returns the paths.
 * @example
 * await writeEvalReport('out/', report, 'FER+ valid');
 */
export async function writeEvalReport(dir: string, report: EvalReport, name: string): Promise<string[]> {
  const out = await openOutputFolder(dir, EVAL_OUTPUTS.stem);
  const title = `${name}: accuracy ${(report.accuracy * 100).toFixed(1)}%, balanced ${(report.balancedAccuracy * 100).toFixed(1)}% (${report.n} images)`;
  const chart = { labels: report.labels, confusion: report.confusion, title };
  const files: [string, string | Buffer][] = [
    [EVAL_OUTPUTS.json, JSON.stringify(report, null, 1) + '\n'],
    [EVAL_OUTPUTS.confusion, await drawConfusionMatrix(chart)],
    [EVAL_OUTPUTS.recall, await drawRecallBars(chart)],
  ];
  try {
    for (const [file, data] of files) await writeFile(out.path(file), data).catch((e) => { throw writeFailure(e, `${dir}/${file}`); });
  } catch (e) {
    await out.discard();
    throw e;
  }
  return out.commit();
}
