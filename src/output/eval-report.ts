import { openOutputDir } from '../io/output-dir.js';
import type { EvalReport } from '../pipeline/evaluate.js';
import { drawConfusionMatrix, drawRecallBars } from '../render/draw-eval-charts.js';

/** The files an evaluation writes into its output folder. */
export const EVAL_FILES = { json: 'eval.json', confusion: 'confusion.png', recall: 'recall.png' } as const;

/**
 * Write an evaluation into a folder: `eval.json` (the report), `confusion.png` (row-normalised confusion
 * matrix with counts) and `recall.png` (per-class recall bars); returns the paths written.
 * @example
 * await writeEvalReport('out/', report, 'FER+ valid');
 */
export async function writeEvalReport(dir: string, report: EvalReport, name: string): Promise<string[]> {
  const out = await openOutputDir(dir);
  const title = `${name}: accuracy ${(report.accuracy * 100).toFixed(1)}%, balanced ${(report.balancedAccuracy * 100).toFixed(1)}% (${report.n} images)`;
  const chart = { labels: report.labels, confusion: report.confusion, title };
  return [
    await out.write(EVAL_FILES.json, JSON.stringify(report, null, 1) + '\n'),
    await out.write(EVAL_FILES.confusion, drawConfusionMatrix(chart)),
    await out.write(EVAL_FILES.recall, drawRecallBars(chart)),
  ];
}
