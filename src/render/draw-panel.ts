import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { FaceResult, SaliencyMap } from '../types.js';
import { colourFor, jet } from './palette.js';
import { font } from './fonts.js';
import type { CanvasModule } from './load-canvas.js';
import { pixelsCanvas } from './pixels-canvas.js';

/** Draw a [-1, 1] value as a bar growing left or right from a centre line. */
function drawBipolarBar(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, value: number, label: string): void {
  ctx.fillStyle = '#2b2f36';
  ctx.fillRect(x, y, w, h);
  const v = Math.max(-1, Math.min(1, value));
  const mid = x + w / 2;
  ctx.fillStyle = v >= 0 ? '#66bb6a' : '#ef5350';
  ctx.fillRect(v >= 0 ? mid : mid + (v * w) / 2, y, (Math.abs(v) * w) / 2, h);
  ctx.fillStyle = '#9aa0a6';
  ctx.fillRect(mid, y - 1, 1, h + 2);
  ctx.fillStyle = '#e8eaed';
  ctx.font = font(Math.max(9, Math.round(h * 0.8)));
  ctx.textBaseline = 'middle';
  ctx.fillText(`${label} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`, x + w + 6, y + h / 2);
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

/** One row: thumbnail (with heat map), label with confidence, arousal and valence bars. */
function drawRow(ctx: SKRSContext2D, thumb: Canvas, x: number, y: number, w: number, h: number,
  title: string, emotion: string, confidence: number, arousal: number, valence: number, heat?: { map: SaliencyMap; canvas: Canvas }): void {
  const side = h - 6;
  ctx.drawImage(thumb, x + 6, y + 3, side, side);
  if (heat) {
    const e = heat.map.extent ?? { x: 0, y: 0, width: 1, height: 1 };
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(heat.canvas, x + 6 + e.x * side, y + 3 + e.y * side, e.width * side, e.height * side);
  }
  ctx.strokeStyle = colourFor(emotion);
  ctx.lineWidth = 2;
  ctx.strokeRect(x + 6, y + 3, side, side);
  const tx = x + side + 14;
  const fontSize = Math.max(10, Math.round(h * 0.2));
  ctx.font = font(fontSize);
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#9aa0a6';
  ctx.fillText(title, tx, y + 4);
  ctx.font = font(Math.round(fontSize * 1.15), true);
  ctx.fillStyle = colourFor(emotion);
  ctx.fillText(`${emotion} ${Math.round(confidence * 100)}%`, tx, y + 6 + fontSize);
  const barW = Math.max(40, (w - (tx - x)) * 0.45);
  const barH = Math.max(6, Math.round(h * 0.12));
  drawBipolarBar(ctx, tx, y + h - 2 * barH - 8, barW, barH, arousal, 'A');
  drawBipolarBar(ctx, tx, y + h - barH - 4, barW, barH, valence, 'V');
}

/**
 * Draw the reference-style branch panel for one face: the ensemble row, then the nine branches,
 * each with its label, arousal/valence bars and (with Grad-CAM) its heat map over the face; `kit` is the
 * loaded canvas module (see loadCanvas), for the heat maps.
 * @example
 * drawPanel(await loadCanvas(), ctx, thumbCanvas, face, result.labels, 2, 800, 0, 336, 900);
 */
export function drawPanel(kit: CanvasModule, ctx: SKRSContext2D, thumb: Canvas, face: FaceResult, labels: string[], index: number,
  x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = index % 2 ? '#1b1e23' : '#202329';
  ctx.fillRect(x, y, w, h);
  const header = Math.round(h * 0.05);
  ctx.fillStyle = '#e8eaed';
  ctx.font = font(Math.round(header * 0.55), true);
  ctx.textBaseline = 'middle';
  ctx.fillText(`Face ${index + 1}`, x + 8, y + header / 2);
  const rowH = (h - header) / 10;
  const top = face.probabilities[labels.indexOf(face.emotion)] ?? 0;
  drawRow(ctx, thumb, x, y + header, w, rowH, `Ensemble (${Math.max(...face.votes)}/9 votes)`, face.emotion, top, face.arousal, face.valence);
  ctx.fillStyle = '#3c4043';
  ctx.fillRect(x + 6, y + header + rowH - 1, w - 12, 1);
  face.branches.forEach((b, i) => {
    drawRow(ctx, thumb, x, y + header + (i + 1) * rowH, w, rowH, `Branch ${i + 1}`, b.emotion, Math.max(...b.probabilities), b.arousal, b.valence,
      b.gradCam && { map: b.gradCam, canvas: heatCanvas(kit, b.gradCam) });
  });
}
