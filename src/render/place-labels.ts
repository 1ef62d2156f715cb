/** Where each face's caption goes on the image: inside the image, off other captions and, where avoidable, off other faces. */

/** An axis-aligned rectangle in canvas pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A caption's rectangle and, when it had to move away from its box, the leader line [x1, y1, x2, y2] back to the box. */
export interface PlacedLabel {
  rect: Rect;
  leader: [number, number, number, number] | null;
}

/** A cost that outweighs any amount of soft cost: another caption or a leader line crossed. */
const HARD = 1e9;

/** A caption beside its box that costs less than this (covers no face, crosses nothing) is not looked past. */
const NEAR_ENOUGH = 1e3;

/**
 * True when two rectangles share interior area (touching edges do not count).
 * @example
 * intersects({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 }); // false
 */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The area two rectangles share. */
function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * True when the segment crosses the rectangle's interior (Liang-Barsky clipping, a 0.5 px margin so
 * a segment ending on the edge does not count).
 * @example
 * segmentCrossesRect([0, 5, 20, 5], { x: 5, y: 0, width: 5, height: 10 }); // true
 */
export function segmentCrossesRect([x1, y1, x2, y2]: [number, number, number, number], r: Rect): boolean {
  const m = 0.5;
  let t0 = 0,
    t1 = 1;
  const dx = x2 - x1,
    dy = y2 - y1;
  const edges: [number, number][] = [
    [-dx, x1 - (r.x + m)],
    [dx, r.x + r.width - m - x1],
    [-dy, y1 - (r.y + m)],
    [dy, r.y + r.height - m - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

/** The gap between two rectangles (0 when they touch or overlap). */
function gap(a: Rect, b: Rect): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/** The leader line from a caption to its box: between the two nearest points, or null when they touch. */
function leaderFor(label: Rect, box: Rect): PlacedLabel['leader'] {
  if (gap(label, box) <= 1) return null;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const bx = clamp(label.x + label.width / 2, box.x, box.x + box.width);
  const by = clamp(label.y + label.height / 2, box.y, box.y + box.height);
  return [clamp(bx, label.x, label.x + label.width), clamp(by, label.y, label.y + label.height), bx, by];
}

/**
 * Candidate rectangles for one caption, clamped inside the bounds: `near` ones touch its box (above, below,
 * inside the top or bottom edge, left- or right-aligned, centred, beside it); `far()` ones fill rows above
 * and below it across the bounds (made only when asked).
 */
function candidates(box: Rect, w: number, h: number, bounds: Rect): { near: Rect[]; far: () => Rect[] } {
  const clampX = (x: number): number => Math.max(bounds.x, Math.min(bounds.x + bounds.width - w, x));
  const clampY = (y: number): number => Math.max(bounds.y, Math.min(bounds.y + bounds.height - h, y));
  const rects = (ys: number[], xs: number[]): Rect[] =>
    ys.flatMap((y) => xs.map((x) => ({ x: clampX(x), y: clampY(y), width: w, height: h })));
  const nearXs = [box.x, box.x + box.width - w, box.x + (box.width - w) / 2, box.x - w, box.x + box.width];
  const near = rects([box.y - h, box.y + box.height, box.y, box.y + box.height - h], nearXs);
  const far = (): Rect[] => {
    const xs = [...nearXs];
    for (let x = bounds.x; x < bounds.x + bounds.width; x += w / 4) xs.push(x);
    const ys: number[] = [];
    for (let k = 1; k <= Math.ceil(bounds.height / h); k++) ys.push(box.y - h - k * h, box.y + box.height + k * h);
    return rects(ys, xs);
  };
  return { near, far };
}

/** What a candidate costs: hard for crossing placed captions or leaders, soft for covering faces or leading across them, then distance. */
function costOf(rect: Rect, own: number, boxes: Rect[], placed: PlacedLabel[]): number {
  const leader = leaderFor(rect, boxes[own]);
  let cost = gap(rect, boxes[own]);
  for (const p of placed) {
    if (intersects(rect, p.rect)) cost += HARD;
    if (p.leader && segmentCrossesRect(p.leader, rect)) cost += HARD;
    if (leader && segmentCrossesRect(leader, p.rect)) cost += HARD;
  }
  const area = rect.width * rect.height;
  boxes.forEach((b, i) => {
    cost += (overlapArea(rect, b) / area) * (i === own ? 2e5 : 1e6);
    if (leader && i !== own && segmentCrossesRect(leader, b)) cost += 1e4;
  });
  return cost;
}

/**
 * True when any caption overlaps another or crosses another's leader line (what placeLabels could not
 * avoid) or, with `boxes`, covers a face box other than its own.
 * @example
 * if (labelsCollide(placeLabels(boxes, sizes, bounds), boxes)) useShorterCaptions();
 */
export function labelsCollide(labels: PlacedLabel[], boxes: Rect[] = []): boolean {
  return labels.some(
    (a, i) =>
      labels.some(
        (b, j) =>
          i !== j && (intersects(a.rect, b.rect) || (b.leader !== null && segmentCrossesRect(b.leader, a.rect))),
      ) || boxes.some((box, j) => i !== j && intersects(a.rect, box)),
  );
}

/** Greedy placement in one order; returns the captions (in box order) and the total cost paid. */
function placeInOrder(
  order: number[],
  boxes: Rect[],
  sizes: { width: number; height: number }[],
  bounds: Rect,
): { labels: PlacedLabel[]; cost: number } {
  const labels: PlacedLabel[] = new Array(boxes.length);
  const placed: PlacedLabel[] = [];
  let total = 0;
  for (const i of order) {
    const width = Math.min(sizes[i].width, bounds.width);
    const height = Math.min(sizes[i].height, bounds.height);
    let best = boxes[i];
    let bestCost = Infinity;
    const { near, far } = candidates(boxes[i], width, height, bounds);
    for (const group of [() => near, far]) {
      if (bestCost < NEAR_ENOUGH) break;
      for (const rect of group()) {
        const cost = costOf(rect, i, boxes, placed);
        if (cost < bestCost) [best, bestCost] = [rect, cost];
      }
    }
    labels[i] = { rect: best, leader: leaderFor(best, boxes[i]) };
    placed.push(labels[i]);
    total += bestCost;
  }
  return { labels, cost: total };
}

/**
 * Place one caption per face box: each stays inside `bounds`, no caption overlaps another or another's
 * leader line, and captions avoid covering other faces' boxes where there is room; a caption that had
 * to move away from its box gets a leader line. Greedy, tried top-down, right-to-left, left-to-right and
 * bottom-up; the cheapest wins. The result is in box order.
 * @example
 * placeLabels([{ x: 10, y: 40, width: 100, height: 120 }], [{ width: 150, height: 16 }], { x: 0, y: 0, width: 640, height: 480 });
 * // [{ rect: { x: 10, y: 24, width: 150, height: 16 }, leader: null }]
 */
export function placeLabels(boxes: Rect[], sizes: { width: number; height: number }[], bounds: Rect): PlacedLabel[] {
  const ids = boxes.map((_, i) => i);
  const orders = [
    [...ids].sort((a, b) => boxes[a].y - boxes[b].y || boxes[a].x - boxes[b].x),
    [...ids].sort((a, b) => boxes[b].x - boxes[a].x || boxes[a].y - boxes[b].y),
    [...ids].sort((a, b) => boxes[a].x - boxes[b].x || boxes[a].y - boxes[b].y),
    [...ids].sort((a, b) => boxes[b].y - boxes[a].y || boxes[a].x - boxes[b].x),
  ];
  let best = placeInOrder(orders[0], boxes, sizes, bounds);
  for (const order of orders.slice(1)) {
    if (best.cost < 1e5) break;
    const next = placeInOrder(order, boxes, sizes, bounds);
    if (next.cost < best.cost) best = next;
  }
  return best.labels;
}
