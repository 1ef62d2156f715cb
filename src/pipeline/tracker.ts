import type { Box } from '../types.js';

/**
 * Intersection over union of two boxes.
 * @example
 * iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 }); // 1/3
 */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width), y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Stable face ids across frames. */
export interface Tracker {
  /** The id of each box: the overlapping track's, or a new one. */
  assign(boxes: Box[]): number[];
  /** Move the tracks `ids` to `boxes` (boxes predicted for those very faces, no matching); other tracks miss a frame. */
  follow(ids: number[], boxes: Box[]): void;
}

/**
 * Keeps a stable id per face across frames by greedy box overlap; a track survives `maxMissed`
 * frames without a match before its id is retired. Ids start at 1 and are never reused.
 * @example
 * const tracker = createTracker(); tracker.assign(boxes); // [1, 2]
 */
export function createTracker(minIou = 0.3, maxMissed = 10): Tracker {
  let next = 1;
  let tracks: { id: number; box: Box; missed: number }[] = [];
  return {
    follow(ids: number[], boxes: Box[]): void {
      for (const track of tracks) {
        const i = ids.indexOf(track.id);
        if (i >= 0) [track.box, track.missed] = [boxes[i], 0];
        else track.missed += 1;
      }
      tracks = tracks.filter((track) => track.missed <= maxMissed);
    },
    assign(boxes: Box[]): number[] {
      const pairs: { t: number; b: number; score: number }[] = [];
      tracks.forEach((track, t) => boxes.forEach((box, b) => {
        const score = iou(track.box, box);
        if (score >= minIou) pairs.push({ t, b, score });
      }));
      pairs.sort((p, q) => q.score - p.score);
      const ids = new Array<number>(boxes.length).fill(0);
      const usedTracks = new Set<number>();
      for (const p of pairs) {
        if (usedTracks.has(p.t) || ids[p.b]) continue;
        usedTracks.add(p.t);
        ids[p.b] = tracks[p.t].id;
        tracks[p.t].box = boxes[p.b];
        tracks[p.t].missed = 0;
      }
      tracks.forEach((track, t) => {
        if (!usedTracks.has(t)) track.missed += 1;
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
