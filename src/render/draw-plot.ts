import type { SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts.js';

/** One point of the arousal/valence history. */
export interface AffectPoint {
  time: number;
  arousal: number;
  valence: number;
}

/** Where the plot is drawn, in canvas pixels. */
export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Draw arousal (orange) and valence (cyan) over time in [-1, 1], like the reference framework's plot, with
 * a y-axis scale (+1, 0, -1 at the grid lines) and the first and last times under the axis.
 * @example
 * drawAffectPlot(ctx, history, { x: 0, y: 600, width: 800, height: 150 });
 */
export function drawAffectPlot(ctx: SKRSContext2D, points: AffectPoint[], area: PlotArea): void {
  const { x, y, width: w, height: h } = area;
  ctx.fillStyle = '#15171b';
  ctx.fillRect(x, y, w, h);
  const pad = Math.max(6, h * 0.08);
  const fontSize = Math.max(10, Math.round(h * 0.11));
  ctx.font = font(fontSize);
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#ffa726';
  ctx.fillText('arousal', x + pad, y + pad / 2);
  ctx.fillStyle = '#4dd0e1';
  ctx.fillText('valence', x + pad + fontSize * 5, y + pad / 2);
  const scaleWidth = Math.max(...['+1', '0', '-1'].map((t) => ctx.measureText(t).width)) + pad / 2;
  const top = y + pad + fontSize * 1.5,
    bottom = y + h - pad - fontSize,
    left = x + pad + scaleWidth,
    right = x + w - pad;
  const mid = (top + bottom) / 2;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const [label, at] of [
    ['+1', top],
    ['0', mid],
    ['-1', bottom],
  ] as const) {
    ctx.fillStyle = '#3c4043';
    ctx.fillRect(left, at, right - left, 1);
    ctx.fillStyle = '#9aa0a6';
    ctx.fillText(label, left - pad / 2, at);
  }
  ctx.textAlign = 'left';
  if (points.length < 2) return;
  const t0 = points[0].time,
    t1 = points[points.length - 1].time;
  const span = Math.max(1e-6, t1 - t0);
  const px = (t: number): number => left + ((t - t0) / span) * (right - left);
  const py = (v: number): number => mid - (Math.max(-1, Math.min(1, v)) * (bottom - top)) / 2;
  for (const [key, colour] of [
    ['arousal', '#ffa726'],
    ['valence', '#4dd0e1'],
  ] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    points.forEach((p, i) => (i ? ctx.lineTo(px(p.time), py(p[key])) : ctx.moveTo(px(p.time), py(p[key]))));
    ctx.stroke();
  }
  ctx.fillStyle = '#9aa0a6';
  ctx.textBaseline = 'top';
  ctx.fillText(`${t0.toFixed(1)}s`, left, bottom + 2);
  const end = `${t1.toFixed(1)}s`;
  ctx.fillText(end, right - ctx.measureText(end).width, bottom + 2);
}
