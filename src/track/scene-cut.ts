import type { RawImage } from '../types.js';

/**
 * Side of the grey thumbnail two frames are compared on.
 * @example
 * greyThumbnail(frame).length === THUMBNAIL_SIDE * THUMBNAIL_SIDE; // true
 */
export const THUMBNAIL_SIDE = 32;

/**
 * Mean absolute difference (0-255) between the thumbnails of two frames above which the second is a new
 * scene. Measured on the shared samples: frames up to 6 apart in test.mp4 (handheld, moving bokeh) differ
 * by at most 27.5 when every frame is analysed (woman2.mp4: 5.1); unrelated scenes (the two clips, the
 * sample images) by 45.8 or more. At -f 5, test.mp4 frames 3+ apart (0.6 s) exceed it at times and get
 * a detection, which a scene that changed that much needs anyway.
 * @example
 * const cut = thumbnailDifference(greyThumbnail(frame), lastThumbnail) > SCENE_CUT_THRESHOLD;
 */
export const SCENE_CUT_THRESHOLD = 30;

/**
 * A THUMBNAIL_SIDE x THUMBNAIL_SIDE grey thumbnail of an RGB frame, each cell the mean of its pixels
 * (of every `step`-th pixel in each direction on large frames, at least 4x4 per cell; on a frame
 * narrower or lower than the thumbnail, the nearest pixel).
 * @example
 * greyThumbnail({ width: 64, height: 64, channels: 3, data }).length; // 1024
 */
export function greyThumbnail(image: RawImage): Float32Array {
  const side = THUMBNAIL_SIDE;
  const step = Math.max(1, Math.floor(Math.min(image.width, image.height) / (side * 4)));
  const sums = new Float32Array(side * side);
  const counts = new Uint32Array(side * side);
  const cellOfColumn = Uint16Array.from({ length: image.width }, (_, x) =>
    Math.min(side - 1, Math.floor((x * side) / image.width)),
  );
  for (let y = 0; y < image.height; y += step) {
    const rowCell = Math.min(side - 1, Math.floor((y * side) / image.height)) * side;
    let p = y * image.width * 3;
    for (let x = 0; x < image.width; x += step, p += 3 * step) {
      const cell = rowCell + cellOfColumn[x];
      sums[cell] += greyAt(image, p);
      counts[cell] += 1;
    }
  }
  /** The grey level of the pixel at the centre of cell i (for cells no pixel fell in). */
  const nearest = (i: number): number => {
    const x = Math.floor((((i % side) + 0.5) * image.width) / side),
      y = Math.floor(((Math.floor(i / side) + 0.5) * image.height) / side);
    return greyAt(image, (y * image.width + x) * 3);
  };
  return sums.map((s, i) => (counts[i] ? s / counts[i] : nearest(i)));
}

/** The grey level (BT.601 weights) of the RGB pixel at byte offset `p`. */
function greyAt(image: RawImage, p: number): number {
  return 0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2];
}

/**
 * Mean absolute difference of two thumbnails of the same side (0 = identical, 255 = black vs white).
 * @example
 * thumbnailDifference(greyThumbnail(a), greyThumbnail(b)) > SCENE_CUT_THRESHOLD; // a cut between a and b
 */
export function thumbnailDifference(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i] - b[i]);
  return total / a.length;
}
