import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toFerError } from '../errors.js';
import { loadFaceApi, loadTf } from '../esr9/tfjs-backend.js';
import type { ResolvedOptions } from '../options.js';
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
  /** Release the detector's model. */
  dispose(): void;
}

const require = createRequire(import.meta.url);

/**
 * Keep only the largest face when asked, otherwise sort faces left to right.
 * @example
 * selectFaces(detections, true); // only the largest face
 */
export function selectFaces(faces: Detection[], largest: boolean): Detection[] {
  if (largest) return faces.length ? [faces.reduce((a, b) => (b.box.width * b.box.height > a.box.width * a.box.height ? b : a))] : [];
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

/** face-api's SSD MobileNetV1, weights from the npm package, on face-api's tf instance. */
async function createSsdDetector(options: ResolvedOptions): Promise<Detector> {
  const backend = options.engine === 'tfjs' ? options.backend : 'auto';
  const { tf } = await loadTf(backend);
  const faceapi = loadFaceApi();
  const net = new faceapi.SsdMobilenetv1();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  try {
    await net.loadFromDisk(modelDir);
  } catch (e) {
    throw toFerError(e, 'MODEL_MISSING', `face detector weights not found in ${modelDir}`, 'reinstall dependencies with npm ci');
  }
  const ssdOptions = new faceapi.SsdMobilenetv1Options({ minConfidence: options.minConfidence, maxResults: 100 });
  return {
    async detect(image: RawImage): Promise<Detection[]> {
      const input = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
      try {
        const found = await net.locateFaces(input as never, ssdOptions);
        const faces = found.map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }));
        return selectFaces(faces, options.largest);
      } finally {
        input.dispose();
      }
    },
    dispose(): void {
      net.dispose();
    },
  };
}

/**
 * Create the detector the options name.
 * @example
 * const detector = await createDetector(resolveOptions({ detector: 'ssd', minConfidence: 0.6 }));
 */
export async function createDetector(options: ResolvedOptions): Promise<Detector> {
  return options.detector === 'none' ? createWholeImageDetector() : createSsdDetector(options);
}
