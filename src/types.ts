/** An axis-aligned face box in image pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decoded pixels: interleaved RGB, 8 bits per channel. */
export interface RawImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

/** What `recognize()` accepts: a file path, an encoded image Buffer, or raw RGB/RGBA pixels. */
export type ImageInput =
  | string
  | Buffer
  | RawImage
  | { width: number; height: number; channels: 3 | 4; data: Uint8Array };

/** A Grad-CAM saliency map on the branch's last convolutional grid, values in [0, 1]. */
export interface SaliencyMap {
  width: number;
  height: number;
  /** width x height values in [0, 1], row-major. */
  data: Float32Array;
  /**
   * The part of the face crop (the network input, fractions of its side) that the cells cover: the
   * explained layer's cells are centred on their receptive fields, which do not reach the crop's edges.
   * Absent: the whole crop.
   */
  extent?: { x: number; y: number; width: number; height: number };
}

/** One branch's view of one face. */
export interface BranchResult {
  emotion: string;
  probabilities: number[];
  arousal: number;
  valence: number;
  gradCam?: SaliencyMap;
}

/** The ensemble's view of one face, with its nine branches. */
export interface FaceResult {
  box: Box;
  score: number;
  emotion: string;
  votes: number[];
  probabilities: number[];
  arousal: number;
  valence: number;
  branches: BranchResult[];
}

/** The result for one image: its size, the class labels in use and every face found. */
export interface ImageResult {
  width: number;
  height: number;
  labels: string[];
  faces: FaceResult[];
}
