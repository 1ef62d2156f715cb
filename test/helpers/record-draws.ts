import type { SKRSContext2D } from '@napi-rs/canvas';
import { loadCanvas } from '../../src/render/load-canvas.js';

/** The inked bounds of one fillText call (from the context's own measureText) and the canvas it went to. */
export interface DrawnText {
  text: string;
  canvas: unknown;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The destination rectangle of one drawImage call and the canvas it went to. */
export interface DrawnImage {
  canvas: unknown;
  width: number;
  height: number;
}

/**
 * Run `draw` while recording every fillText (measured with the context's font, baseline and alignment)
 * and every scaled drawImage on any @napi-rs/canvas 2D context; the prototype is restored afterwards.
 * @example
 * const { value, texts } = await recordDraws(() => drawAnnotation(image, result));
 */
export async function recordDraws<T>(
  draw: () => Promise<T>,
): Promise<{ value: T; texts: DrawnText[]; images: DrawnImage[] }> {
  const kit = await loadCanvas();
  const proto = Object.getPrototypeOf(kit.createCanvas(1, 1).getContext('2d'));
  const { fillText, drawImage } = proto;
  const texts: DrawnText[] = [];
  const images: DrawnImage[] = [];
  proto.fillText = function (this: SKRSContext2D, text: string, x: number, y: number, ...rest: unknown[]) {
    const m = this.measureText(text);
    texts.push({
      text,
      canvas: this.canvas,
      x: x - m.actualBoundingBoxLeft,
      y: y - m.actualBoundingBoxAscent,
      width: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
      height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
    });
    return fillText.call(this, text, x, y, ...rest);
  };
  proto.drawImage = function (this: SKRSContext2D, ...args: number[]) {
    if (args.length === 5) images.push({ canvas: this.canvas, width: args[3], height: args[4] });
    return drawImage.apply(this, args);
  };
  try {
    return { value: await draw(), texts, images };
  } finally {
    proto.fillText = fillText;
    proto.drawImage = drawImage;
  }
}
