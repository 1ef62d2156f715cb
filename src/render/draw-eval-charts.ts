import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts.js';
import { fitFont } from './draw-text.js';
import { loadCanvas } from './load-canvas.js';
import { colourFor } from './palette.js';

/**
 * What the charts need from an evaluation (the fields of `fer eval`'s report, so charts, terminal and
 * `eval.json` show one computation) and a title line.
 */
export interface EvalChartData {
  labels: string[];
  /** Rows: true class, columns: predicted class, images with a face only. */
  confusion: number[][];
  /** Images of each class where no face was found (misses). */
  noFaceByClass: number[];
  /** Images scored per class, those without a face included. */
  scored: number[];
  /** Recall per class (null: no images). */
  perClass: Record<string, number | null>;
  balancedAccuracy: number;
  title: string;
}

/** What an empty cell or a class without images shows. */
const NONE = '–';

/** White to dark blue for a share in [0, 1]. */
function blueFor(share: number): string {
  const v = Math.min(1, Math.max(0, share));
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * v);
  return `rgb(${mix(255, 8)},${mix(255, 48)},${mix(255, 107)})`;
}

/** Draw text at (x, y) in the current alignment, fitted into maxWidth (draw-text's fitFont). */
function fitText(ctx: SKRSContext2D, text: string, x: number, y: number, maxWidth: number, size: number, bold = false) {
  ctx.fillText(fitFont(ctx, text, maxWidth, size, bold), x, y);
}

/** Draw the title inside the canvas: one line when it fits, else two lines split after a ':' or ','. */
function drawTitle(ctx: SKRSContext2D, title: string, width: number): void {
  const maxWidth = width - 24;
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = font(15, true);
  if (ctx.measureText(title).width <= maxWidth) {
    ctx.fillText(title, 12, 20);
    return;
  }
  const breaks = [...title.matchAll(/[:,] /g)].map((m) => (m.index ?? 0) + 1);
  const at = breaks.length
    ? breaks.reduce((best, b) => (Math.abs(b - title.length / 2) < Math.abs(best - title.length / 2) ? b : best))
    : Math.ceil(title.length / 2);
  fitText(ctx, title.slice(0, at).trim(), 12, 14, maxWidth, 15, true);
  fitText(ctx, title.slice(at).trim(), 12, 34, maxWidth, 15, true);
}

/** A white canvas with the title drawn. */
async function startChart(
  width: number,
  height: number,
  title: string,
): Promise<{ canvas: Canvas; ctx: SKRSContext2D }> {
  const canvas = (await loadCanvas()).createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  drawTitle(ctx, title, width);
  return { canvas, ctx };
}

/** One confusion cell: coloured by its share of the row, labelled with the share and the count, or '–' for a class without images. */
function drawCell(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  cell: number,
  count: number,
  total: number,
  diagonal: boolean,
): void {
  const share = total ? count / total : 0;
  ctx.fillStyle = blueFor(share);
  ctx.fillRect(x, y, cell - 1, cell - 1);
  ctx.fillStyle = share > 0.5 ? '#ffffff' : '#000000';
  ctx.textAlign = 'center';
  if (!total) {
    ctx.fillStyle = '#607d8b';
    ctx.font = font(18);
    ctx.fillText(NONE, x + cell / 2, y + cell / 2);
    return;
  }
  ctx.font = font(14, diagonal);
  ctx.fillText(`${(share * 100).toFixed(0)}%`, x + cell / 2, y + cell / 2 - 7);
  ctx.font = font(10);
  ctx.fillText(String(count), x + cell / 2, y + cell / 2 + 11);
}

/**
 * The row-normalised confusion matrix as a PNG: each cell coloured by its share of the true class's
 * images (those without a face included, in a last "no face" column when there are any) and labelled
 * with that share and the count; a class without images shows '–'.
 * @example
 * await writeFile('confusion.png', await drawConfusionMatrix({ ...report, title: 'FER+ valid' }));
 */
export async function drawConfusionMatrix(data: EvalChartData): Promise<Buffer> {
  const withNoFace = data.noFaceByClass.some((v) => v > 0);
  const columns = withNoFace ? [...data.labels, 'no face'] : data.labels;
  const cell = 78,
    left = 120,
    top = 78,
    bottom = 40;
  const k = data.labels.length;
  const { canvas, ctx } = await startChart(left + columns.length * cell + 20, top + k * cell + bottom, data.title);
  ctx.textAlign = 'center';
  ctx.fillStyle = '#000000';
  columns.forEach((label, c) => fitText(ctx, label, left + c * cell + cell / 2, top - 14, cell - 4, 12, true));
  data.labels.forEach((label, r) => {
    const y = top + r * cell;
    ctx.fillStyle = '#000000';
    ctx.textAlign = 'right';
    fitText(ctx, label, left - 8, y + cell / 2 - 7, left - 12, 12, true);
    ctx.font = font(10);
    ctx.fillText(`n = ${data.scored[r]}`, left - 8, y + cell / 2 + 9);
    const counts = withNoFace ? [...data.confusion[r], data.noFaceByClass[r]] : data.confusion[r];
    counts.forEach((count, c) => drawCell(ctx, left + c * cell, y, cell, count, data.scored[r], r === c));
  });
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'center';
  ctx.font = font(12);
  fitText(
    ctx,
    'predicted class (columns); true class (rows); cells: share of the row, count',
    left + (columns.length * cell) / 2,
    top + k * cell + bottom / 2,
    columns.length * cell,
    12,
  );
  return canvas.toBuffer('image/png');
}

/**
 * Per-class recall (images without a face counted as misses) as horizontal bars in each class's colour,
 * with the mean recall (balanced accuracy) as a dashed line; classes without images are marked "no images".
 * @example
 * await writeFile('recall.png', await drawRecallBars({ ...report, title: 'FER+ valid' }));
 */
export async function drawRecallBars(data: EvalChartData): Promise<Buffer> {
  const k = data.labels.length;
  const row = 34,
    left = 130,
    width = 420,
    top = 56;
  const { canvas, ctx } = await startChart(left + width + 150, top + k * row + 44, data.title);
  data.labels.forEach((label, c) => {
    const y = top + c * row;
    ctx.fillStyle = '#000000';
    ctx.textAlign = 'right';
    fitText(ctx, label, left - 10, y + row / 2, left - 14, 13, true);
    ctx.textAlign = 'left';
    ctx.fillStyle = '#eceff1';
    ctx.fillRect(left, y + 5, width, row - 10);
    const recall = data.perClass[label] ?? null;
    ctx.font = font(12);
    if (recall === null) {
      ctx.fillStyle = '#607d8b';
      ctx.fillText(`${NONE} no images`, left + 8, y + row / 2);
      return;
    }
    ctx.fillStyle = colourFor(label);
    ctx.fillRect(left, y + 5, width * recall, row - 10);
    ctx.fillStyle = '#000000';
    ctx.fillText(
      `${(recall * 100).toFixed(1)}%  (${data.confusion[c][c]}/${data.scored[c]})`,
      left + width + 8,
      y + row / 2,
    );
  });
  const mean = data.balancedAccuracy;
  ctx.strokeStyle = '#263238';
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(left + width * mean, top - 4);
  ctx.lineTo(left + width * mean, top + k * row + 4);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#263238';
  ctx.textAlign = 'center';
  ctx.font = font(12);
  ctx.fillText(`mean recall (balanced accuracy) ${(mean * 100).toFixed(1)}%`, left + width / 2, top + k * row + 24);
  return canvas.toBuffer('image/png');
}
