import { largest } from '../boxes.js';
import type { Box, RawImage } from '../types.js';

/** A detected face: box in image pixels and detector confidence. */
export interface Detection {
  box: Box;
  score: number;
}

/** A face detector owned by one recognizer. */
export interface Detector {
  /** Find faces, largest first when `largest` is set (then at most one). */
  detect(image: RawImage): Promise<Detection[]>;
  /** Release the detector's model; resolves once it is released (for the threaded one: its thread has ended). */
  dispose(): Promise<void> | void;
}

/** The detector settings the options resolve to. */
export interface DetectorOptions {
  /** 'ssd' (SSD MobileNetV1) or 'none' (the whole image is one face). */
  detector?: 'ssd' | 'none';
  minConfidence: number;
  largest: boolean;
  /** Side of the square the SSD sees images at (default 512, face-api's; the tfjs engine's face-api SSD always uses 512). */
  detectorSize?: number;
}

/**
 * Keep only the largest face when asked, otherwise sort faces left to right.
 * @example
 * selectFaces(detections, true); // only the largest face
 */
export function selectFaces(faces: Detection[], keepLargest: boolean): Detection[] {
  if (keepLargest) return faces.length ? [largest(faces)!] : [];
  return [...faces].sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y);
}
