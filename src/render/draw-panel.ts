import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { FaceResult, SaliencyMap } from '../types.js';
import { fillFitted, fitFont, wrapText } from './draw-text.js';
import type { CanvasModule } from './load-canvas.js';
import { colourFor, jet } from './palette.js';
import { computePanelGeometry, type PanelGeometry } from './panel-geometry.js';
import { pixelsCanvas } from './pixels-canvas.js';
import type { Rect } from './place-labels.js';

/** A value with its sign, 2 decimals. */
function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}

/** Draw a [-1, 1] value as a bar growing left or right from a centre line, its label and value right of it. */
function drawBipolarBar(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  value: number,
  label: string,
  textWidth: number,
  size: number,
): void {
  ctx.fillStyle = '#2b2f36';
  ctx.fillRect(x, y, w, h);
  const v = Math.max(-1, Math.min(1, value));
  const mid = x + w / 2;
  ctx.fillStyle = v >= 0 ? '#66bb6a' : '#ef5350';
  ctx.fillRect(v >= 0 ? mid : mid + (v * w) / 2, y, (Math.abs(v) * w) / 2, h);
  ctx.fillStyle = '#9aa0a6';
  ctx.fillRect(mid, y - 1, 1, h + 2);
  ctx.fillStyle = '#e8eaed';
  const shown = fitFont(ctx, `${label} ${signed(v)}`, textWidth, size);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(shown, x + w + 6, y + h / 2);
}

/** A small RGBA canvas of a saliency map in the jet colour map. */
function heatCanvas(kit: CanvasModule, map: SaliencyMap): Canvas {
  const rgba = new Uint8ClampedArray(map.width * map.height * 4);
  map.data.forEach((v, i) => {
    const [r, g, b] = jet(v);
    rgba.set([r, g, b, 150], i * 4);
  });
  return pixelsCanvas(kit, map.width, map.height, rgba);
}

/** The face thumbnail at (x, y), with the heat map over the part of the crop it covers, outlined dashed. */
function drawThumb(
  kit: CanvasModule,
  ctx: SKRSContext2D,
  thumb: Canvas,
  x: number,
  y: number,
  side: number,
  colour: string,
  map?: SaliencyMap,
): void {
  ctx.drawImage(thumb, x, y, side, side);
  if (map) {
    const e = map.extent ?? { x: 0, y: 0, width: 1, height: 1 };
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(heatCanvas(kit, map), x + e.x * side, y + e.y * side, e.width * side, e.height * side);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.strokeRect(x + e.x * side, y + e.y * side, e.width * side, e.height * side);
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.strokeRect(x, y, side, side);
}

/** The ensemble row: thumbnail, votes, label with confidence, arousal and valence bars. */
function drawEnsembleRow(
  kit: CanvasModule,
  ctx: SKRSContext2D,
  thumb: Canvas,
  face: FaceResult,
  labels: string[],
  x: number,
  y: number,
  g: PanelGeometry,
): void {
  const colour = colourFor(face.emotion);
  drawThumb(kit, ctx, thumb, x + g.pad, y, g.thumb, colour);
  const tx = x + 2 * g.pad + g.thumb;
  const tw = g.width - (tx - x) - g.pad;
  ctx.fillStyle = '#9aa0a6';
  fillFitted(ctx, `Ensemble (${Math.max(...face.votes)}/9 votes)`, tx, y, tw, g.fontSize);
  const big = Math.round(g.fontSize * 1.4);
  ctx.fillStyle = colour;
  const top = face.probabilities[labels.indexOf(face.emotion)] ?? 0;
  fillFitted(ctx, `${face.emotion} ${Math.round(top * 100)}%`, tx, y + g.line, tw, big, true);
  const barW = Math.round(tw * 0.55);
  const barH = Math.round(g.fontSize * 0.8);
  const barsTop = y + g.line + Math.round(big * 1.35);
  drawBipolarBar(ctx, tx, barsTop + (g.line - barH) / 2, barW, barH, face.arousal, 'A', tw - barW - 6, g.fontSize);
  drawBipolarBar(
    ctx,
    tx,
    barsTop + g.line + (g.line - barH) / 2,
    barW,
    barH,
    face.valence,
    'V',
    tw - barW - 6,
    g.fontSize,
  );
}

/** One branch cell: thumbnail (with its heat map), label with confidence, arousal and valence. */
function drawBranchCell(
  kit: CanvasModule,
  ctx: SKRSContext2D,
  thumb: Canvas,
  face: FaceResult,
  i: number,
  x: number,
  y: number,
  g: PanelGeometry,
): void {
  const b = face.branches[i];
  const colour = colourFor(b.emotion);
  drawThumb(kit, ctx, thumb, x + (g.cell - g.thumb) / 2, y, g.thumb, colour, b.gradCam);
  ctx.fillStyle = colour;
  fillFitted(
    ctx,
    `B${i + 1} ${b.emotion} ${Math.round(Math.max(...b.probabilities) * 100)}%`,
    x,
    y + g.thumb + 2,
    g.cell,
    g.fontSize,
    true,
  );
  ctx.fillStyle = '#e8eaed';
  fillFitted(ctx, `A ${signed(b.arousal)}  V ${signed(b.valence)}`, x, y + g.thumb + 2 + g.line, g.cell, g.fontSize);
}

/** The legend under the grid: what the heat map covers, or what A and V mean. */
function drawLegend(ctx: SKRSContext2D, face: FaceResult, x: number, y: number, g: PanelGeometry): void {
  const map = face.branches.find((b) => b.gradCam)?.gradCam;
  const text = map
    ? `Heat: Grad-CAM (${map.width}×${map.height}) of each branch, over the dashed square only: the receptive-field centres of the crop.`
    : 'A arousal, V valence, from -1 to +1; votes: branches that agree with the ensemble.';
  const width = g.width - 2 * g.pad;
  fitFont(ctx, text, Infinity, g.fontSize - 1);
  ctx.fillStyle = '#9aa0a6';
  wrapText(ctx, text, width, g.legendLines).forEach((line, k) =>
    fillFitted(ctx, line, x + g.pad, y + k * g.line, width, g.fontSize - 1),
  );
}

/**
 * Draw the branch panel for one face in `rect`: the ensemble row, a 3 x 3 grid of the nine branches, each
 * with its label, arousal and valence and (with Grad-CAM) its heat map over the face, and a legend.
 * `side` is the thumbnail side (the layout's `thumb`); `kit` the loaded canvas module, for the heat maps.
 * @example
 * drawPanel(await loadCanvas(), ctx, thumbCanvas, face, result.labels, 2, layout.panels[2], layout.thumb);
 */
export function drawPanel(
  kit: CanvasModule,
  ctx: SKRSContext2D,
  thumb: Canvas,
  face: FaceResult,
  labels: string[],
  index: number,
  rect: Rect,
  side: number,
): void {
  const g = computePanelGeometry(side);
  const { x, y } = rect;
  ctx.fillStyle = index % 2 ? '#1b1e23' : '#202329';
  ctx.fillRect(x, y, rect.width, rect.height);
  ctx.fillStyle = '#e8eaed';
  const titleSize = Math.round(g.fontSize * 1.3);
  fillFitted(ctx, `Face ${index + 1}`, x + g.pad, y + (g.header - titleSize) / 2, g.width - 2 * g.pad, titleSize, true);
  drawEnsembleRow(kit, ctx, thumb, face, labels, x, y + g.header, g);
  const gridTop = y + g.header + g.thumb + g.pad;
  ctx.fillStyle = '#3c4043';
  ctx.fillRect(x + g.pad, gridTop - g.pad / 2, g.width - 2 * g.pad, 1);
  face.branches.forEach((_, i) => {
    drawBranchCell(
      kit,
      ctx,
      thumb,
      face,
      i,
      x + g.pad + (i % 3) * (g.cell + g.pad),
      gridTop + Math.floor(i / 3) * g.cellHeight,
      g,
    );
  });
  drawLegend(ctx, face, x, gridTop + 3 * g.cellHeight, g);
}
