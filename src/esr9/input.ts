import { TRAINING_SIZE } from './definition.js';

/**
 * Bilinear resize (half-pixel centres, like torch's align_corners=False) of a grey square of `side` to
 * `size`, scaled to [0, 1], written at `offset` of `out`; a plain copy when the sides are equal.
 * @example
 * resizeBilinear(grey48, 48, 96, batch, 0);
 */
export function resizeBilinear(src: Uint8Array, side: number, size: number, out: Float32Array, offset: number): void {
  if (side === size) {
    for (let i = 0; i < size * size; i++) out[offset + i] = src[i] / 255;
    return;
  }
  const scale = side / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.max(0, (y + 0.5) * scale - 0.5);
    const y0 = Math.min(side - 1, Math.floor(sy));
    const y1 = Math.min(side - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.max(0, (x + 0.5) * scale - 0.5);
      const x0 = Math.min(side - 1, Math.floor(sx));
      const x1 = Math.min(side - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * side + x0] * (1 - fx) + src[y0 * side + x1] * fx;
      const bottom = src[y1 * side + x0] * (1 - fx) + src[y1 * side + x1] * fx;
      out[offset + y * size + x] = (top * (1 - fy) + bottom * fy) / 255;
    }
  }
}

/**
 * The network input for a batch of grey faces of `side` squared (row-major) for a model whose input side
 * is `inputSize` (from its weights file): each face resized once (not at all when the sides match) and
 * repeated in the three (BGR) channels, N x 3 x inputSize x inputSize, values in [0, 1].
 * @example
 * const batch = toNetworkInput([grey48a, grey48b], 48); // 2 * 3 * 48 * 48 values
 */
export function toNetworkInput(faces: Uint8Array[], inputSize: number, side = TRAINING_SIZE): Float32Array {
  const plane = inputSize * inputSize;
  const out = new Float32Array(faces.length * 3 * plane);
  faces.forEach((grey, i) => {
    const base = i * 3 * plane;
    resizeBilinear(grey, side, inputSize, out, base);
    out.copyWithin(base + plane, base, base + plane);
    out.copyWithin(base + 2 * plane, base, base + plane);
  });
  return out;
}
