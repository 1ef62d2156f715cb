import type { ImageResult } from '../types.js';

/** Totals over an analysed video. */
export interface VideoSummary {
  frames: number;
  framesWithFace: number;
  faces: number;
  /** Distinct tracked face ids. */
  faceIds: number;
  /** Share of face observations per ensemble emotion, fractions summing to 1. */
  emotionShare: Record<string, number>;
  meanArousal: number | null;
  meanValence: number | null;
  /** Seconds of video time covered by the analysed frames. */
  duration: number;
}

/**
 * Accumulate a summary frame by frame (constant memory).
 * @example
 * const s = createSummary(labels); s.add(0.2, result, [1]); s.result();
 */
export function createSummary(labels: string[]): {
  add(time: number, result: ImageResult, faceIds: number[]): void;
  result(): VideoSummary;
} {
  const counts = new Map(labels.map((l) => [l, 0]));
  const ids = new Set<number>();
  let frames = 0,
    framesWithFace = 0,
    faces = 0,
    arousal = 0,
    valence = 0,
    first = NaN,
    last = NaN;
  return {
    add(time: number, result: ImageResult, faceIds: number[]): void {
      frames += 1;
      if (Number.isNaN(first)) first = time;
      last = time;
      if (result.faces.length) framesWithFace += 1;
      result.faces.forEach((f, i) => {
        faces += 1;
        ids.add(faceIds[i]);
        counts.set(f.emotion, (counts.get(f.emotion) ?? 0) + 1);
        arousal += f.arousal;
        valence += f.valence;
      });
    },
    result(): VideoSummary {
      return {
        frames,
        framesWithFace,
        faces,
        faceIds: ids.size,
        emotionShare: Object.fromEntries([...counts].map(([l, c]) => [l, faces ? c / faces : 0])),
        meanArousal: faces ? arousal / faces : null,
        meanValence: faces ? valence / faces : null,
        duration: frames ? last - first : 0,
      };
    },
  };
}
