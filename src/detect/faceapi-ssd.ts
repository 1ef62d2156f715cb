import { toFerError } from '../errors.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import { loadFaceApi, loadTf } from '../runtime/tfjs.js';
import type { RawImage } from '../types.js';
import type { Detection, Detector, DetectorOptions } from './detector.js';
import { selectFaces } from './detector.js';
import { faceApiModelDir } from './ssd-weights.js';

/**
 * face-api's own SsdMobilenetv1 on its tf instance (the detector of `--engine tfjs`).
 * @example
 * const detector = await createFaceApiDetector(resolveRuntime(resolveOptions({ engine: 'tfjs' })), { minConfidence: 0.5, largest: false });
 */
export async function createFaceApiDetector(runtime: Runtime, options: DetectorOptions): Promise<Detector> {
  const { tf } = await loadTf(runtime.engine === 'tfjs' ? runtime.backend : 'wasm');
  const faceapi = loadFaceApi();
  const net = new faceapi.SsdMobilenetv1();
  const modelDir = faceApiModelDir();
  try {
    await net.loadFromDisk(modelDir);
  } catch (e) {
    throw toFerError(
      e,
      'MODEL_MISSING',
      `face detector weights not found in ${modelDir}`,
      'reinstall dependencies with npm ci',
    );
  }
  const ssdOptions = new faceapi.SsdMobilenetv1Options({ minConfidence: options.minConfidence, maxResults: 100 });
  return {
    async detect(image: RawImage): Promise<Detection[]> {
      const input = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
      try {
        const found = await net.locateFaces(input as never, ssdOptions);
        const faces = found.map((d: { box: Detection['box']; score: number }) => ({
          box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height },
          score: d.score,
        }));
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
