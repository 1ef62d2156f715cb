import type { Box, RawImage } from '../types.js';
import type { Sharp as SharpPipeline } from 'sharp';
import { loadSharp } from './load-sharp.js';

/**
 * The square region around a face box, clamped inside the image.
 * @example
 * squareRegion({ x: 10, y: 20, width: 40, height: 60 }, 200, 200); // { left: 0, top: 20, size: 60 }
 */
export function squareRegion(box: Box, width: number, height: number): { left: number; top: number; size: number } {
  const size = Math.max(1, Math.min(Math.round(Math.max(box.width, box.height)), width, height));
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const left = Math.min(Math.max(0, Math.round(cx - size / 2)), width - size);
  const top = Math.min(Math.max(0, Math.round(cy - size / 2)), height - size);
  return { left, top, size };
}

/** Each face's square region resized to side x side, finished by `finish` (grey, or RGBA), as raw bytes. */
async function cropSquares(
  image: RawImage,
  boxes: Box[],
  side: number,
  finish: (pipeline: SharpPipeline) => SharpPipeline,
): Promise<Uint8Array[]> {
  const sharp = await loadSharp();
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return Promise.all(
    boxes.map(async (box) => {
      const { left, top, size } = squareRegion(box, image.width, image.height);
      const region = source
        .clone()
        .extract({ left, top, width: size, height: size })
        .resize(side, side, { fit: 'fill' });
      const bytes = await finish(region).raw().toBuffer();
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }),
  );
}

/**
 * Crop each face's square region and convert it to a grey side x side square (sharp's area-averaging
 * resize), the resolution the recogniser was trained on; esr9/input.ts turns these into network input.
 * @example
 * const [grey] = await cropGreyFaces(image, [{ x: 10, y: 20, width: 80, height: 90 }], 48); // 48 * 48 bytes
 */
export function cropGreyFaces(image: RawImage, boxes: Box[], side: number): Promise<Uint8Array[]> {
  return cropSquares(image, boxes, side, (region) => region.greyscale());
}

/**
 * An RGBA thumbnail of each face's square region, for rendering.
 * @example
 * const [thumb] = await cropThumbnails(image, [face.box], 96);
 */
export function cropThumbnails(image: RawImage, boxes: Box[], side: number): Promise<Uint8Array[]> {
  return cropSquares(image, boxes, side, (region) => region.ensureAlpha());
}
