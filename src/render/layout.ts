import { DISPLAY_SIZES } from '../options.js';

/** Where everything goes on the output canvas. */
export interface Layout {
  width: number;
  height: number;
  image: { x: number; y: number; scale: number };
  panel: { x: number; columnWidth: number; columns: number };
}

/** Faces shown in the branch panel at most (the rest keep their boxes on the image). */
export const MAX_PANEL_FACES = 4;

/**
 * Lay out the annotated image (width and height are even, as video encoders need) and, when asked, one branch-panel column per face.
 * Without `size` the height follows the image (clamped to 600..1200 px); with `size` 1|2|3 the
 * canvas is exactly 1920x1080, 1440x900 or 1024x768 and the image is fitted into what is left.
 * @example
 * computeLayout(512, 512, 1, true); // { width: ..., height: 600, ... }
 */
export function computeLayout(imageWidth: number, imageHeight: number, faces: number, panel: boolean, size?: 1 | 2 | 3): Layout {
  const columns = panel ? Math.min(Math.max(faces, 1), MAX_PANEL_FACES) : 0;
  if (size) {
    const [width, height] = DISPLAY_SIZES[size];
    const columnWidth = columns ? Math.round(Math.min(height * 0.42, (width * 0.6) / columns)) : 0;
    const room = width - columns * columnWidth;
    const scale = Math.min(room / imageWidth, height / imageHeight);
    const x = Math.round((room - imageWidth * scale) / 2);
    const y = Math.round((height - imageHeight * scale) / 2);
    return { width, height, image: { x, y, scale }, panel: { x: room, columnWidth, columns } };
  }
  const height = 2 * Math.round(Math.min(1200, Math.max(600, imageHeight)) / 2);
  const scale = height / imageHeight;
  const imageWidth2 = Math.round(imageWidth * scale);
  const columnWidth = columns ? Math.round(height * 0.42) : 0;
  const width = 2 * Math.ceil((imageWidth2 + columns * columnWidth) / 2);
  return { width, height, image: { x: 0, y: 0, scale }, panel: { x: imageWidth2, columnWidth, columns } };
}
