import type { Box } from '../types.js';

/**
 * Intersection over union of two boxes.
 * @example
 * iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 }); // 1/3
 */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x),
    y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width),
    y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Boxes overlapping at least this much (IoU) can be the same face. */
export const MIN_OVERLAP = 0.3;

/**
 * Pair boxes greedily by overlap, the largest first: for each box of `from`, the index of its box in `to`,
 * or -1 when none overlaps it by minIou or more (each box of `to` is used once).
 * @example
 * matchBoxes([{ x: 0, y: 0, width: 10, height: 10 }], [{ x: 50, y: 0, width: 10, height: 10 }, { x: 1, y: 0, width: 10, height: 10 }], 0.3); // [1]
 */
export function matchBoxes(from: Box[], to: Box[], minIou: number): number[] {
  const pairs: { f: number; t: number; score: number }[] = [];
  from.forEach((a, f) =>
    to.forEach((b, t) => {
      const score = iou(a, b);
      if (score >= minIou) pairs.push({ f, t, score });
    }),
  );
  pairs.sort((p, q) => q.score - p.score);
  const picks = new Array<number>(from.length).fill(-1);
  const used = new Set<number>();
  for (const p of pairs) {
    if (picks[p.f] >= 0 || used.has(p.t)) continue;
    picks[p.f] = p.t;
    used.add(p.t);
  }
  return picks;
}

/** Stable face ids across frames. */
export interface Tracker {
  /** The id of each box: the overlapping track's, or a new one. */
  assign(boxes: Box[]): number[];
  /** Move the tracks `ids` to `boxes` (boxes predicted for those very faces, no matching); other tracks miss a frame. */
  follow(ids: number[], boxes: Box[]): void;
  /** Retire every track (the scene cut): the next boxes all get new ids. */
  forget(): void;
}

/**
 * Keeps a stable id per face across frames by greedy box overlap; a track survives `maxMissed`
 * frames without a match before its id is retired. Ids start at 1 and are never reused.
 * @example
 * const tracker = createTracker(); tracker.assign(boxes); // [1, 2]
 */
export function createTracker(minIou = MIN_OVERLAP, maxMissed = 10): Tracker {
  let next = 1;
  let tracks: { id: number; box: Box; missed: number }[] = [];
  return {
    forget(): void {
      tracks = [];
    },
    follow(ids: number[], boxes: Box[]): void {
      for (const track of tracks) {
        const i = ids.indexOf(track.id);
        if (i >= 0) [track.box, track.missed] = [boxes[i], 0];
        else track.missed += 1;
      }
      tracks = tracks.filter((track) => track.missed <= maxMissed);
    },
    assign(boxes: Box[]): number[] {
      const picks = matchBoxes(
        tracks.map((track) => track.box),
        boxes,
        minIou,
      );
      const ids = new Array<number>(boxes.length).fill(0);
      tracks.forEach((track, t) => {
        if (picks[t] < 0) {
          track.missed += 1;
          return;
        }
        ids[picks[t]] = track.id;
        [track.box, track.missed] = [boxes[picks[t]], 0];
      });
      tracks = tracks.filter((track) => track.missed <= maxMissed);
      boxes.forEach((box, b) => {
        if (!ids[b]) {
          ids[b] = next++;
          tracks.push({ id: ids[b], box, missed: 0 });
        }
      });
      return ids;
    },
  };
}
