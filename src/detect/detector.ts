import { largest } from '../boxes.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
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

/** The 'none' detector: the whole image is one face (for pre-cropped datasets). */
function createWholeImageDetector(): Detector {
  return {
    async detect(image: RawImage): Promise<Detection[]> {
      return [{ box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1 }];
    },
    dispose(): void {},
  };
}

/**
 * Create the detector the options name on the resolved runtime: SSD MobileNetV1 on ONNX Runtime (in a
 * worker thread) for engine onnx, face-api's own SSD on tfjs for engine tfjs, or the whole image.
 * @example
 * const detector = await createDetector({ detector: 'ssd', minConfidence: 0.6, largest: false }, resolveRuntime(resolveOptions()));
 */
export async function createDetector(options: DetectorOptions, runtime: Runtime): Promise<Detector> {
  if (options.detector === 'none') return createWholeImageDetector();
  if (runtime.engine === 'tfjs') {
    const { createFaceApiDetector } = await import('./faceapi-ssd.js');
    return createFaceApiDetector(runtime, options);
  }
  const { createThreadedSsdDetector } = await import('./threaded-ssd.js');
  return createThreadedSsdDetector(runtime, options);
}
