import { DISPLAY_SIZES } from '../options.js';
import { computePanelGeometry, fitThumb, MIN_THUMB } from './panel-geometry.js';
import type { Rect } from './place-labels.js';

/** Where everything goes on the output canvas. */
export interface Layout {
  width: number;
  height: number;
  /** Height of the top band: the image (and plot) with the panels that fit beside it; rows of further panels start here. */
  band: number;
  /** Base size of captions (px): a 90th of the natural band or of the -s height. */
  unit: number;
  image: { x: number; y: number; scale: number };
  /** One rectangle per branch panel: beside the image first, then in rows under the band. */
  panels: Rect[];
  /** The panels' thumbnail side (see computePanelGeometry). */
  thumb: number;
}

/** Panels beside the image at natural size at most; more wrap into rows under it. */
export const PANELS_BESIDE = 4;

/** Share of a fixed-size (-s) canvas's width the panels beside the image may take. */
const PANEL_SHARE = 0.5;

/** Round up to an even number (video encoders need even sizes). */
function even(v: number): number {
  return 2 * Math.ceil(v / 2);
}

/** The panel rectangles: `beside` of them right of `left` in the band, the rest in rows of the full width under it. */
function placePanels(
  count: number,
  beside: number,
  left: number,
  band: number,
  width: number,
  pw: number,
  ph: number,
): Rect[] {
  const perRow = Math.max(1, Math.floor(width / pw));
  return Array.from({ length: count }, (_, i) => {
    if (i < beside) return { x: left + i * pw, y: 0, width: pw, height: ph };
    const k = i - beside;
    return { x: (k % perRow) * pw, y: band + Math.floor(k / perRow) * ph, width: pw, height: ph };
  });
}

/** The canvas height: the band plus one panel height per row of panels under it. */
function totalHeight(panels: Rect[], band: number): number {
  return even(Math.max(band, ...panels.map((p) => p.y + p.height)));
}

/** The layout of a canvas `width` wide whose image band is `band` tall; `unitBase` sets the unit (1/90 of it, at least 6 px). */
function assembleLayout(
  width: number,
  band: number,
  unitBase: number,
  image: Layout['image'],
  panels: Rect[],
  thumb: number,
): Layout {
  return { width, height: totalHeight(panels, band), band, unit: Math.max(6, unitBase / 90), image, panels, thumb };
}

/**
 * Lay out the annotated image and, when asked, one branch panel per face (`faces` panels, at least one).
 * Without `size` the band follows the image height (clamped to 600..1200 px), up to 4 panels stand
 * beside the image and the rest wrap into rows under it, growing the canvas. With `size` 1|2|3 the
 * canvas is 1920, 1440 or 1024 px wide and exactly 1080, 900 or 768 px tall while the panels fit beside
 * the image (half the width at most); else panels take the smallest thumbnails, further ones wrap into rows
 * under the image (now at the top) and the canvas grows taller.
 * Sizes are even, as video encoders need.
 * @example
 * computeLayout(512, 512, 1, true); // { width: 1028, height: 600, panels: [{ x: 600, y: 0, width: 427, height: 598 }], thumb: 99, ... }
 */
export function computeLayout(
  imageWidth: number,
  imageHeight: number,
  faces: number,
  panel: boolean,
  size?: 1 | 2 | 3,
): Layout {
  const count = panel ? Math.max(faces, 1) : 0;
  if (size) {
    const [width, height] = DISPLAY_SIZES[size];
    const share = width * PANEL_SHARE;
    const beside = Math.min(count, Math.max(1, Math.floor(share / computePanelGeometry(MIN_THUMB).width)));
    const thumb = count > beside ? MIN_THUMB : fitThumb(height, share / Math.max(1, beside));
    const g = computePanelGeometry(thumb);
    const room = width - (count ? beside * g.width : 0);
    const scale = Math.min(room / imageWidth, height / imageHeight);
    const x = Math.round((room - imageWidth * scale) / 2);
    const wraps = count > beside;
    const y = wraps ? 0 : Math.round((height - imageHeight * scale) / 2);
    const band = wraps ? Math.ceil(Math.max(imageHeight * scale, g.height)) : height;
    const panels = placePanels(count, beside, room, band, width, g.width, g.height);
    return assembleLayout(width, band, height, { x, y, scale }, panels, thumb);
  }
  const band = even(Math.round(Math.min(1200, Math.max(600, imageHeight))));
  const scale = band / imageHeight;
  const imageWidth2 = Math.round(imageWidth * scale);
  const thumb = fitThumb(band);
  const g = computePanelGeometry(thumb);
  const beside = Math.min(count, PANELS_BESIDE);
  const width = even(imageWidth2 + beside * g.width);
  const panels = placePanels(count, beside, imageWidth2, band, width, g.width, g.height);
  return assembleLayout(width, band, band, { x: 0, y: 0, scale }, panels, thumb);
}
