import type { Runtime } from '../runtime/resolve-runtime.js';
import type { RawImage } from '../types.js';
import type { Detection, Detector, DetectorOptions } from './detector.js';

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
