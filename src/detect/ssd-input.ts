import type { RawImage } from '../types.js';
import { SSD_INPUT_SIZE } from './ssd-graph.js';

/** Source index and weight pairs of a legacy bilinear resize (TF's align_corners=false, no half-pixel centres). */
function resizeTaps(
  outSize: number,
  inSize: number,
  limit: number,
): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const scale = inSize / outSize;
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = o * scale;
    const lo = Math.floor(src);
    i0[o] = lo < limit ? lo : -1;
    const hi = Math.min(lo + 1, inSize - 1);
    i1[o] = hi < limit ? hi : -1;
    f[o] = src - lo;
  }
  return { i0, i1, f };
}

/**
 * The SSD network input for an image, as face-api builds it: zero-padded at the right or bottom to a
 * square, bilinear-resized to n x n (face-api: 512) like tf.image.resizeBilinear, scaled to [-1, 1]; NCHW.
 * @example
 * const input = toSsdInput(image, 384); // Float32Array of 3 * 384 * 384
 */
export function toSsdInput(image: RawImage, n = SSD_INPUT_SIZE, out = new Float32Array(3 * n * n)): Float32Array {
  const { width, height, data } = image;
  const side = Math.max(width, height);
  const plane = n * n;
  const xs = resizeTaps(n, side, width);
  const ys = resizeTaps(n, side, height);
  const rowStride = width * 3;
  const colOffset = (i: number): number => (i < 0 ? -1 : i * 3);
  const c0s = Int32Array.from(xs.i0, colOffset);
  const c1s = Int32Array.from(xs.i1, colOffset);
  for (let y = 0; y < n; y++) {
    const r0 = ys.i0[y] < 0 ? -1 : ys.i0[y] * rowStride;
    const r1 = ys.i1[y] < 0 ? -1 : ys.i1[y] * rowStride;
    const fy = ys.f[y];
    for (let x = 0; x < n; x++) {
      const c0 = c0s[x],
        c1 = c1s[x],
        fx = xs.f[x];
      const at = y * n + x;
      for (let c = 0; c < 3; c++) {
        const p00 = r0 >= 0 && c0 >= 0 ? data[r0 + c0 + c] : 0;
        const p01 = r0 >= 0 && c1 >= 0 ? data[r0 + c1 + c] : 0;
        const p10 = r1 >= 0 && c0 >= 0 ? data[r1 + c0 + c] : 0;
        const p11 = r1 >= 0 && c1 >= 0 ? data[r1 + c1 + c] : 0;
        const top = p00 + (p01 - p00) * fx;
        const bottom = p10 + (p11 - p10) * fx;
        out[c * plane + at] = (top + (bottom - top) * fy) / 127.5 - 1;
      }
    }
  }
  return out;
}
