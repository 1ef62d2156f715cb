import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { type AffectPoint, drawAffectPlot } from './draw-plot.js';
import { cropThumbnails } from '../io/crop-faces.js';
import type { FaceResult, ImageResult, RawImage } from '../types.js';
import { drawPanel } from './draw-panel.js';
import { computeLayout, type Layout } from './layout.js';
import { labelsCollide, placeLabels, type PlacedLabel, type Rect } from './place-labels.js';
import { fillFitted } from './draw-text.js';
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
  /** Fixed number of panels (video frames must keep one size); default one per face. */
  panelColumns?: number;
  /** Arousal/valence history to plot under the image (video); no plot when absent. */
  plot?: AffectPoint[];
}

/** The captions of one face, longest first: id, emotion, arousal and valence; id and emotion; the id alone. */
function captionsOf(face: FaceResult, id: number): string[] {
  return [
    `${id} ${face.emotion}  A ${face.arousal.toFixed(2)} V ${face.valence.toFixed(2)}`,
    `${id} ${face.emotion}`,
    `${id}`,
  ];
}

/**
 * Where the captions go: the longest captions that placeLabels keeps apart and off other faces, else the
 * longest it keeps apart, else the shortest.
 */
function placeCaptions(
  ctx: SKRSContext2D,
  faces: FaceResult[],
  ids: number[],
  boxes: Rect[],
  bounds: Rect,
  size: number,
  pad: number,
): { texts: string[]; placed: PlacedLabel[] } {
  const tries: { texts: string[]; placed: PlacedLabel[] }[] = [];
  for (let level = 0; level < 3; level++) {
    const texts = faces.map((face, i) => captionsOf(face, ids[i])[level]);
    const sizes = texts.map((t) => ({ width: ctx.measureText(t).width + pad, height: Math.round(size * 1.4) }));
    tries.push({ texts, placed: placeLabels(boxes, sizes, bounds) });
    if (!labelsCollide(tries[level].placed, boxes)) return tries[level];
  }
  return tries.find((t) => !labelsCollide(t.placed)) ?? tries[2];
}

/** Boxes of every face, then their captions where placeCaptions puts them (leader lines back to moved ones). */
function drawFaceBoxes(
  ctx: SKRSContext2D,
  faces: FaceResult[],
  ids: number[],
  layout: Layout,
  imageWidth: number,
  imageHeight: number,
  unit: number,
): void {
  const { x: ox, y: oy, scale } = layout.image;
  const boxes: Rect[] = faces.map(({ box }) => ({
    x: ox + box.x * scale,
    y: oy + box.y * scale,
    width: box.width * scale,
    height: box.height * scale,
  }));
  ctx.lineWidth = Math.max(2, unit * 0.3);
  faces.forEach((face, i) => {
    ctx.strokeStyle = colourFor(face.emotion);
    ctx.strokeRect(boxes[i].x, boxes[i].y, boxes[i].width, boxes[i].height);
  });
  const size = Math.max(12, Math.round(unit * 1.6));
  ctx.font = font(size, true);
  const bounds = { x: ox, y: oy, width: imageWidth * scale, height: imageHeight * scale };
  const { texts, placed } = placeCaptions(ctx, faces, ids, boxes, bounds, size, unit);
  placed.forEach(({ rect, leader }, i) => {
    const colour = colourFor(faces[i].emotion);
    if (leader) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = Math.max(1, unit * 0.2);
      ctx.beginPath();
      ctx.moveTo(leader[0], leader[1]);
      ctx.lineTo(leader[2], leader[3]);
      ctx.stroke();
    }
    ctx.fillStyle = colour;
    ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
    ctx.fillStyle = '#111';
    fillFitted(
      ctx,
      texts[i],
      rect.x + unit / 2,
      rect.y + (rect.height - size * 1.17) / 2,
      rect.width - unit / 2,
      size,
      true,
    );
  });
}

/**
 * Draw the annotated result on a canvas: boxes and captions on every face, with `branches` or
 * `gradCam` one branch panel per face (see computeLayout for where panels go when there are many),
 * with `plot` the arousal/valence history under the image.
 * @example
 * const canvas = await drawAnnotation(image, result, { branches: true });
 */
export async function drawAnnotation(
  image: RawImage,
  result: ImageResult,
  options: RenderOptions = {},
): Promise<Canvas> {
  const panel = Boolean(options.branches || options.gradCam);
  const slots = options.panelColumns ?? result.faces.length;
  const shown = result.faces.slice(0, slots);
  const ids = result.faces.map((_, i) => options.faceIds?.[i] ?? i + 1);
  const layout = computeLayout(
    image.width,
    options.plot ? image.height / (1 - PLOT_SHARE) : image.height,
    slots,
    panel,
    options.size,
  );
  const kit = await loadCanvas();
  const canvas = kit.createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#111317';
  ctx.fillRect(0, 0, layout.width, layout.height);
  const { x, y, scale } = layout.image;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(
    pixelsCanvas(kit, image.width, image.height, image.data, 3),
    x,
    y,
    image.width * scale,
    image.height * scale,
  );
  const { unit } = layout;
  drawFaceBoxes(ctx, result.faces, ids, layout, image.width, image.height, unit);
  if (options.plot) {
    const plotHeight = image.height * scale * (1 / (1 - PLOT_SHARE) - 1);
    drawAffectPlot(ctx, options.plot, {
      x,
      y: y + image.height * scale,
      width: image.width * scale,
      height: plotHeight,
    });
  }
  if (panel) {
    const thumbs = await cropThumbnails(
      image,
      shown.map((f) => f.box),
      layout.thumb,
    );
    shown.forEach((face, i) => {
      drawPanel(
        kit,
        ctx,
        pixelsCanvas(kit, layout.thumb, layout.thumb, thumbs[i]),
        face,
        result.labels,
        ids[i] - 1,
        layout.panels[i],
        layout.thumb,
      );
    });
    if (shown.length === 0) {
      ctx.fillStyle = '#9aa0a6';
      const p = layout.panels[0];
      fillFitted(ctx, 'No face found', p.x + unit, layout.band / 2, p.width - 2 * unit, Math.round(unit * 1.8));
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
export async function renderAnnotated(
  image: RawImage,
  result: ImageResult,
  options: RenderOptions = {},
): Promise<Buffer> {
  return (await drawAnnotation(image, result, options)).encode('png');
}
