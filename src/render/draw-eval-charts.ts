import type { SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts.js';
import { loadCanvas } from './load-canvas.js';
import { colourFor } from './palette.js';

/** What the charts need from an evaluation: labels, confusion counts (rows: true class) and a title line. */
export interface EvalChartData {
  labels: string[];
  confusion: number[][];
  title: string;
}

/** White to dark blue for a share in [0, 1]. */
function blueFor(share: number): string {
  const v = Math.min(1, Math.max(0, share));
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * v);
  return `rgb(${mix(255, 8)},${mix(255, 48)},${mix(255, 107)})`;
}

/** Draw text centred at (x, y), shrinking the font until it fits maxWidth. */
function fitText(ctx: SKRSContext2D, text: string, x: number, y: number, maxWidth: number, size: number, bold = false): void {
  let s = size;
  ctx.font = font(s, bold);
  while (s > 7 && ctx.measureText(text).width > maxWidth) ctx.font = font(--s, bold);
  ctx.fillText(text, x, y);
}

/** Row totals of a confusion matrix. */
const rowTotals = (confusion: number[][]): number[] => confusion.map((row) => row.reduce((a, b) => a + b, 0));

/**
 * The row-normalised confusion matrix as a PNG: each cell coloured by the share of its true class and
 * labelled with that share and the count; rows are true classes, columns predicted ones.
 * @example
 * await writeFile('confusion.png', await drawConfusionMatrix({ labels, confusion, title: 'FER+ valid' }));
 */
export async function drawConfusionMatrix(data: EvalChartData): Promise<Buffer> {
  const k = data.labels.length;
  const cell = 78, left = 120, top = 78, bottom = 40;
  const canvas = (await loadCanvas()).createCanvas(left + k * cell + 20, top + k * cell + bottom);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000000';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = font(15, true);
  ctx.fillText(data.title, 12, 20);
  ctx.textAlign = 'center';
  const totals = rowTotals(data.confusion);
  data.labels.forEach((label, c) => fitText(ctx, label, left + c * cell + cell / 2, top - 14, cell - 4, 12, true));
  data.confusion.forEach((row, r) => {
    const y = top + r * cell;
    ctx.fillStyle = '#000000';
    ctx.textAlign = 'right';
    fitText(ctx, data.labels[r], left - 8, y + cell / 2 - 7, left - 12, 12, true);
    ctx.font = font(10);
    ctx.fillText(`n = ${totals[r]}`, left - 8, y + cell / 2 + 9);
    ctx.textAlign = 'center';
    row.forEach((count, c) => {
      const share = totals[r] ? count / totals[r] : 0;
      ctx.fillStyle = blueFor(share);
      ctx.fillRect(left + c * cell, y, cell - 1, cell - 1);
      ctx.fillStyle = share > 0.5 ? '#ffffff' : '#000000';
      ctx.font = font(14, r === c);
      ctx.fillText(`${(share * 100).toFixed(0)}%`, left + c * cell + cell / 2, y + cell / 2 - 7);
      ctx.font = font(10);
      ctx.fillText(String(count), left + c * cell + cell / 2, y + cell / 2 + 11);
    });
  });
  ctx.fillStyle = '#000000';
  ctx.font = font(12);
  ctx.fillText('predicted class (columns); true class (rows); cells: share of the row, count', left + (k * cell) / 2, top + k * cell + bottom / 2);
  return canvas.toBuffer('image/png');
}

/**
 * Per-class recall as horizontal bars in each class's colour, with the mean recall (balanced accuracy)
 * as a dashed line; classes without images are marked "no images".
 * @example
 * await writeFile('recall.png', await drawRecallBars({ labels, confusion, title: 'FER+ valid' }));
 */
export async function drawRecallBars(data: EvalChartData): Promise<Buffer> {
  const k = data.labels.length;
  const row = 34, left = 130, width = 420, top = 56;
  const canvas = (await loadCanvas()).createCanvas(left + width + 150, top + k * row + 44);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'middle';
  ctx.font = font(15, true);
  ctx.fillText(data.title, 12, 20);
  const totals = rowTotals(data.confusion);
  const recalls = data.confusion.map((r, c) => (totals[c] ? r[c] / totals[c] : null));
  data.labels.forEach((label, c) => {
    const y = top + c * row;
    ctx.fillStyle = '#000000';
    ctx.textAlign = 'right';
    fitText(ctx, label, left - 10, y + row / 2, left - 14, 13, true);
    ctx.textAlign = 'left';
    ctx.fillStyle = '#eceff1';
    ctx.fillRect(left, y + 5, width, row - 10);
    const recall = recalls[c];
    ctx.font = font(12);
    if (recall === null) {
      ctx.fillStyle = '#607d8b';
      ctx.fillText('no images', left + 8, y + row / 2);
      return;
    }
    ctx.fillStyle = colourFor(label);
    ctx.fillRect(left, y + 5, width * recall, row - 10);
    ctx.fillStyle = '#000000';
    ctx.fillText(`${(recall * 100).toFixed(1)}%  (${data.confusion[c][c]}/${totals[c]})`, left + width + 8, y + row / 2);
  });
  const present = recalls.filter((r): r is number => r !== null);
  const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
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
