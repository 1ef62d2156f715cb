/** The sizes inside one face's branch panel, all derived from its thumbnail side. */

/** Smallest thumbnail side in the panel (px): Grad-CAM maps stay readable down to this. */
export const MIN_THUMB = 96;

/** Largest thumbnail side in the panel (px). */
export const MAX_THUMB = 160;

/** Sizes of one panel: header, ensemble row, 3 x 3 branch grid, legend. */
export interface PanelGeometry {
  thumb: number;
  pad: number;
  fontSize: number;
  line: number;
  header: number;
  cell: number;
  cellHeight: number;
  legendLines: number;
  width: number;
  height: number;
}

/**
 * The panel's sizes for a thumbnail side: the ensemble row (thumbnail, label, A/V bars), a 3 x 3 grid of
 * branch cells (thumbnail over two text lines) and a two-line legend.
 * @example
 * computePanelGeometry(96); // { thumb: 96, width: 415, height: 586, ... }
 */
export function computePanelGeometry(thumb: number): PanelGeometry {
  const pad = Math.round(thumb * 0.1);
  const fontSize = Math.max(12, Math.round(thumb * 0.125));
  const line = Math.round(fontSize * 1.35);
  const header = Math.round(fontSize * 2);
  const cell = Math.round(thumb * 1.3);
  const cellHeight = thumb + 2 * line + pad;
  const legendLines = 2;
  const width = 3 * cell + 4 * pad;
  const height = header + thumb + pad + 3 * cellHeight + legendLines * line + pad;
  return { thumb, pad, fontSize, line, header, cell, cellHeight, legendLines, width, height };
}

/**
 * The largest thumbnail side (MIN_THUMB..MAX_THUMB) whose panel is at most `height` tall and, when
 * given, `width` wide; MIN_THUMB when even that does not fit.
 * @example
 * fitThumb(600); // 99
 */
export function fitThumb(height: number, width = Infinity): number {
  for (let t = MAX_THUMB; t > MIN_THUMB; t--) {
    const g = computePanelGeometry(t);
    if (g.height <= height && g.width <= width) return t;
  }
  return MIN_THUMB;
}
