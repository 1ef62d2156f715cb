import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { type AffectPoint, drawAffectPlot } from './draw-plot.js';
import { cropThumbnails } from '../io/crop-faces.js';
import type { FaceResult, ImageResult, RawImage } from '../types.js';
import { drawPanel } from './draw-panel.js';
import { computeLayout, MAX_PANEL_FACES } from './layout.js';
import { colourFor } from './palette.js';
import { font } from './fonts.js';
import { loadCanvas } from './load-canvas.js';
import { pixelsCanvas } from './pixels-canvas.js';

/** Share of the canvas height given to the arousal/valence plot. */
const PLOT_SHARE = 0.22;

/** What to draw besides boxes and labels. */
export interface RenderOptions {
  /** Show the branch panel (reference `-b`). */
  branches?: boolean;
  /** Show Grad-CAM heat maps in the panel (reference `-g`; implies the panel). */
  gradCam?: boolean;
  /** Fixed output size 1|2|3 (1920x1080, 1440x900, 1024x768); natural size when absent. */
  size?: 1 | 2 | 3;
  /** Stable face ids to print instead of 1..n (video tracking). */
  faceIds?: number[];
  /** Fixed number of panel columns (video frames must keep one size); default one per face, up to 4. */
  panelColumns?: number;
  /** Arousal/valence history to plot under the image (video); no plot when absent. */
  plot?: AffectPoint[];
}

/** Box and caption of one face on the image. */
function drawFaceBox(ctx: SKRSContext2D, face: FaceResult, id: number, ox: number, oy: number, scale: number, unit: number): void {
  const { x, y, width, height } = face.box;
  const colour = colourFor(face.emotion);
  ctx.strokeStyle = colour;
  ctx.lineWidth = Math.max(2, unit * 0.3);
  ctx.strokeRect(ox + x * scale, oy + y * scale, width * scale, height * scale);
  const text = `${id} ${face.emotion}  A ${face.arousal.toFixed(2)} V ${face.valence.toFixed(2)}`;
  ctx.font = font(Math.round(unit * 1.6), true);
  const tw = ctx.measureText(text).width + unit;
  const th = unit * 2.2;
  const tx = ox + x * scale;
  const ty = oy + y * scale - th >= 0 ? oy + y * scale - th : oy + (y + height) * scale;
  ctx.fillStyle = colour;
  ctx.fillRect(tx, ty, tw, th);
  ctx.fillStyle = '#111';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, tx + unit / 2, ty + th / 2);
}

/**
 * Draw the annotated result on a canvas: boxes and labels on every face, with `branches` or
 * `gradCam` the per-face branch panel like the reference framework's, with `plot` the
 * arousal/valence history under the image.
 * @example
 * const canvas = await drawAnnotation(image, result, { branches: true });
 */
export async function drawAnnotation(image: RawImage, result: ImageResult, options: RenderOptions = {}): Promise<Canvas> {
  const panel = Boolean(options.branches || options.gradCam);
  const columns = options.panelColumns ?? Math.min(result.faces.length, MAX_PANEL_FACES);
  const shown = result.faces.slice(0, columns);
  const layout = computeLayout(image.width, options.plot ? image.height / (1 - PLOT_SHARE) : image.height, columns, panel, options.size);
  const kit = await loadCanvas();
  const canvas = kit.createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#111317';
  ctx.fillRect(0, 0, layout.width, layout.height);
  const { x, y, scale } = layout.image;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(pixelsCanvas(kit, image.width, image.height, image.data, 3), x, y, image.width * scale, image.height * scale);
  const unit = Math.max(6, layout.height / 90);
  result.faces.forEach((face, i) => drawFaceBox(ctx, face, options.faceIds?.[i] ?? i + 1, x, y, scale, unit));
  if (options.plot) drawAffectPlot(ctx, options.plot, x, y + image.height * scale, image.width * scale, layout.height - (y + image.height * scale));
  if (panel) {
    const thumbs = await cropThumbnails(image, shown.map((f) => f.box), 96);
    shown.forEach((face, i) => {
      drawPanel(kit, ctx, pixelsCanvas(kit, 96, 96, thumbs[i]), face, result.labels, (options.faceIds?.[i] ?? i + 1) - 1, layout.panel.x + i * layout.panel.columnWidth, 0, layout.panel.columnWidth, layout.height);
    });
    if (shown.length === 0) {
      ctx.fillStyle = '#9aa0a6';
      ctx.font = font(Math.round(unit * 1.8));
      ctx.fillText('No face found', layout.panel.x + unit, layout.height / 2);
    }
  }
  return canvas;
}

/**
 * Render the annotated result as a PNG (see drawAnnotation).
 * @example
 * const png = await renderAnnotated(image, result, { branches: true, gradCam: true });
 * await writeFile('out.png', png);
 */
export async function renderAnnotated(image: RawImage, result: ImageResult, options: RenderOptions = {}): Promise<Buffer> {
  return (await drawAnnotation(image, result, options)).encode('png');
}
