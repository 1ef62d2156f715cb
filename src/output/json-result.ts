import type { ImageResult, SaliencyMap } from '../types.js';

/** Round a number for JSON output. */
function round(v: number, digits = 4): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

/** A map's extent with 4 decimals. */
function roundExtent(e: NonNullable<SaliencyMap['extent']>): NonNullable<SaliencyMap['extent']> {
  return { x: round(e.x, 4), y: round(e.y, 4), width: round(e.width, 4), height: round(e.height, 4) };
}

/**
 * A JSON-ready copy of a result (typed arrays to plain arrays, numbers rounded).
 * @example
 * JSON.stringify(toJsonResult(result));
 */
export function toJsonResult(result: ImageResult): object {
  return {
    width: result.width,
    height: result.height,
    labels: result.labels,
    faces: result.faces.map((f) => ({
      box: { x: round(f.box.x, 1), y: round(f.box.y, 1), width: round(f.box.width, 1), height: round(f.box.height, 1) },
      score: round(f.score),
      emotion: f.emotion,
      votes: f.votes,
      probabilities: f.probabilities.map((p) => round(p)),
      arousal: round(f.arousal),
      valence: round(f.valence),
      branches: f.branches.map((b) => ({
        emotion: b.emotion,
        probabilities: b.probabilities.map((p) => round(p)),
        arousal: round(b.arousal),
        valence: round(b.valence),
        ...(b.gradCam
          ? {
              gradCam: {
                width: b.gradCam.width,
                height: b.gradCam.height,
                data: Array.from(b.gradCam.data, (v) => round(v, 3)),
                ...(b.gradCam.extent ? { extent: roundExtent(b.gradCam.extent) } : {}),
              },
            }
          : {}),
      })),
    })),
  };
}
