import sharp from 'sharp';
import { INPUT_SIZE } from '../esr9/definition.js';
import type { Box, RawImage } from '../types.js';

/** Side of the grey face the model was trained on (FER2013 resolution). */
const TRAINING_SIZE = 48;

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

/**
 * Bilinear upscale (half-pixel centres, like torch's align_corners=False) of a grey square to INPUT_SIZE.
 * @example
 * upscaleBilinear(grey48, 48, batch, 0);
 */
export function upscaleBilinear(src: Uint8Array, side: number, out: Float32Array, offset: number): void {
  const scale = side / INPUT_SIZE;
  for (let y = 0; y < INPUT_SIZE; y++) {
    const sy = Math.max(0, (y + 0.5) * scale - 0.5);
    const y0 = Math.min(side - 1, Math.floor(sy));
    const y1 = Math.min(side - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < INPUT_SIZE; x++) {
      const sx = Math.max(0, (x + 0.5) * scale - 0.5);
      const x0 = Math.min(side - 1, Math.floor(sx));
      const x1 = Math.min(side - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * side + x0] * (1 - fx) + src[y0 * side + x1] * fx;
      const bottom = src[y1 * side + x0] * (1 - fx) + src[y1 * side + x1] * fx;
      out[offset + y * INPUT_SIZE + x] = (top * (1 - fy) + bottom * fy) / 255;
    }
  }
}

/**
 * Crop each face (squared), convert to grey at the 48x48 training resolution and upscale to the
 * network input: N x 3 x 96 x 96, BGR order (equal channels), values in [0, 1].
 * @example
 * const batch = await cropFaces(image, [{ x: 10, y: 20, width: 80, height: 90 }]);
 */
export async function cropFaces(image: RawImage, boxes: Box[]): Promise<Float32Array> {
  const plane = INPUT_SIZE * INPUT_SIZE;
  const out = new Float32Array(boxes.length * 3 * plane);
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  await Promise.all(boxes.map(async (box, i) => {
    const { left, top, size } = squareRegion(box, image.width, image.height);
    const grey = await source.clone().extract({ left, top, width: size, height: size })
      .resize(TRAINING_SIZE, TRAINING_SIZE, { fit: 'fill' }).greyscale().raw().toBuffer();
    const base = i * 3 * plane;
    upscaleBilinear(new Uint8Array(grey.buffer, grey.byteOffset, grey.length), TRAINING_SIZE, out, base);
    out.copyWithin(base + plane, base, base + plane);
    out.copyWithin(base + 2 * plane, base, base + plane);
  }));
  return out;
}

/**
 * An RGBA thumbnail of each face's square region, for rendering.
 * @example
 * const [thumb] = await cropThumbnails(image, [face.box], 96);
 */
export async function cropThumbnails(image: RawImage, boxes: Box[], side: number): Promise<Uint8Array[]> {
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return Promise.all(boxes.map(async (box) => {
    const { left, top, size } = squareRegion(box, image.width, image.height);
    const buf = await source.clone().extract({ left, top, width: size, height: size }).resize(side, side, { fit: 'fill' }).ensureAlpha().raw().toBuffer();
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }));
}
