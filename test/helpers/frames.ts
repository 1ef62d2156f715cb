import type { AnalysedFrame, ImageResult } from '../../src/index.js';

/** The labels of the small frames below. */
export const FRAME_LABELS = ['Neutral', 'Happy'];

/** One Happy face, 20 px, at (4, 4). */
const FACE = {
  box: { x: 4, y: 4, width: 20, height: 20 },
  score: 0.9,
  emotion: 'Happy',
  votes: [0, 9],
  probabilities: [0.2, 0.8],
  arousal: 0.2,
  valence: 0.4,
  branches: [],
};

/**
 * A small 32x32 analysed frame with one face (id 1), at time index / 10, for sink tests.
 * @example
 * await sink.onFrame(oneFaceFrame(0));
 */
export function oneFaceFrame(index: number): AnalysedFrame {
  const result: ImageResult = { width: 32, height: 32, labels: FRAME_LABELS, faces: [FACE] };
  return {
    index,
    time: index / 10,
    image: { width: 32, height: 32, channels: 3, data: new Uint8Array(32 * 32 * 3).fill(90) },
    result,
    faceIds: [1],
  };
}
