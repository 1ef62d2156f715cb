import type { Canvas } from '@napi-rs/canvas';
import type { CanvasModule } from './load-canvas.js';

/**
 * A canvas holding RGBA pixels (width x height x 4 bytes), or RGB ones with `channels` 3 (made opaque),
 * made with the loaded canvas module (see loadCanvas).
 * @example
 * const canvas = pixelsCanvas(await loadCanvas(), 96, 96, thumbnail);
 */
export function pixelsCanvas(
  kit: CanvasModule,
  width: number,
  height: number,
  pixels: Uint8Array | Uint8ClampedArray,
  channels: 3 | 4 = 4,
): Canvas {
  const canvas = kit.createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(width, height);
  if (channels === 4) data.data.set(pixels);
  else {
    for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
      data.data[j] = pixels[i];
      data.data[j + 1] = pixels[i + 1];
      data.data[j + 2] = pixels[i + 2];
      data.data[j + 3] = 255;
    }
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}
