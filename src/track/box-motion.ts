import type { Box } from '../types.js';

/** A face box as the detector saw it on one analysed frame. */
export interface Sighting {
  /** Analysed-frame index. */
  index: number;
  box: Box;
}

/**
 * The box a face should have on analysed frame `index` under constant velocity: its centre and size
 * move on from `last` at the rate they changed since `previous` (per analysed frame); with no previous
 * sighting the box stays where it was.
 * @example
 * predictBox({ index: 3, box: { x: 10, y: 0, width: 50, height: 50 } }, { index: 0, box: { x: 4, y: 0, width: 50, height: 50 } }, 5);
 * // { x: 14, y: 0, width: 50, height: 50 }
 */
export function predictBox(last: Sighting, previous: Sighting | undefined, index: number): Box {
  if (!previous || previous.index >= last.index) return { ...last.box };
  const t = (index - last.index) / (last.index - previous.index);
  const [a, b] = [previous.box, last.box];
  const move = (from: number, to: number): number => to + (to - from) * t;
  const width = move(a.width, b.width);
  const height = move(a.height, b.height);
  const cx = move(a.x + a.width / 2, b.x + b.width / 2);
  const cy = move(a.y + a.height / 2, b.y + b.height / 2);
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/** A detected box edge this close to the frame's edge (a share of the frame's side) is at the edge. */
export const EDGE_MARGIN = 0.01;

/**
 * Whether a box the detector saw at an edge of the frame (within EDGE_MARGIN) is predicted to move further
 * out across that edge (by more than half a pixel): the face is leaving, and its detected box (clipped by
 * the edge, shrinking) no longer shows it.
 * @example
 * isLeaving({ x: 620, y: 100, width: 20, height: 60 }, { x: 599, y: 100, width: 39, height: 60 }, 640, 360); // true
 */
export function isLeaving(predicted: Box, detected: Box, width: number, height: number): boolean {
  const [mx, my] = [Math.max(1, EDGE_MARGIN * width), Math.max(1, EDGE_MARGIN * height)];
  const [right, bottom] = [detected.x + detected.width, detected.y + detected.height];
  return (
    (detected.x <= mx && predicted.x < detected.x - 0.5) ||
    (detected.y <= my && predicted.y < detected.y - 0.5) ||
    (right >= width - mx && predicted.x + predicted.width > right + 0.5) ||
    (bottom >= height - my && predicted.y + predicted.height > bottom + 0.5)
  );
}

/**
 * A predicted box clamped to the frame, or null when it leaves the frame: when it shrinks to nothing, when
 * one of its edges goes further out of the frame than that edge of the detector's own box (`detected`)
 * did, or when the detected box was at an edge and the prediction moves out across it (isLeaving()). The
 * detector may reach past the right and bottom edges into its padding; a box never goes further.
 * @example
 * fitToFrame({ x: -5, y: 0, width: 50, height: 50 }, { x: 0, y: 0, width: 50, height: 50 }, 640, 360); // null: moving out on the left
 */
export function fitToFrame(predicted: Box, detected: Box, width: number, height: number): Box | null {
  if (!(predicted.width >= 1 && predicted.height >= 1) || isLeaving(predicted, detected, width, height)) return null;
  const left = Math.min(0, detected.x);
  const top = Math.min(0, detected.y);
  const right = Math.max(width, detected.x + detected.width);
  const bottom = Math.max(height, detected.y + detected.height);
  const x0 = Math.max(left, predicted.x),
    y0 = Math.max(top, predicted.y);
  const x1 = Math.min(right, predicted.x + predicted.width),
    y1 = Math.min(bottom, predicted.y + predicted.height);
  const cut = Math.max(
    x0 - predicted.x,
    y0 - predicted.y,
    predicted.x + predicted.width - x1,
    predicted.y + predicted.height - y1,
  );
  return cut > 0.5 ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
