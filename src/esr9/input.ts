import { INPUT_SIZE, TRAINING_SIZE } from './definition.js';

/**
 * Bilinear upscale (half-pixel centres, like torch's align_corners=False) of a grey square to
 * INPUT_SIZE, scaled to [0, 1], written at `offset` of `out`.
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
 * The network input for a batch of grey faces at the training resolution (TRAINING_SIZE squared,
 * row-major): each is upscaled to INPUT_SIZE and repeated in the three (BGR) channels, N x 3 x 96 x 96.
 * @example
 * const batch = toNetworkInput([grey48a, grey48b]); // 2 * 3 * 96 * 96 values in [0, 1]
 */
export function toNetworkInput(faces: Uint8Array[], side = TRAINING_SIZE): Float32Array {
  const plane = INPUT_SIZE * INPUT_SIZE;
  const out = new Float32Array(faces.length * 3 * plane);
  faces.forEach((grey, i) => {
    const base = i * 3 * plane;
    upscaleBilinear(grey, side, out, base);
    out.copyWithin(base + plane, base, base + plane);
    out.copyWithin(base + 2 * plane, base, base + plane);
  });
  return out;
}
