import { createOrtSession, loadOrt, type OrtSession } from '../runtime/ort-session.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import type { RawImage } from '../types.js';
import type { Detection, Detector, DetectorOptions } from './detector.js';
import { selectFaces } from './detector.js';
import { anchorsForSize } from './ssd-anchors.js';
import { decodeDetections } from './ssd-decode.js';
import { buildSsdModel, SSD_INPUT_SIZE } from './ssd-graph.js';
import { toSsdInput } from './ssd-input.js';
import { floatValues, loadSsdWeights } from './ssd-weights.js';

/** Most faces one image may yield (face-api's default maxResults for this detector in fer). */
const MAX_RESULTS = 100;

/**
 * One inference on a blank input, started as soon as the session exists: a session's first run is ~3x
 * slower (its memory is touched for the first time), and this moves that cost to while the caller is still
 * loading ESR-9 or reading its first image. Never rejects.
 */
function warmUp(session: OrtSession, ort: Awaited<ReturnType<typeof loadOrt>>, side: number): Promise<void> {
  const feed = new ort.Tensor('float32', new Float32Array(3 * side * side), [1, 3, side, side]);
  return session.run({ input: feed }).then(
    (out) => {
      for (const t of Object.values(out)) t.dispose?.();
    },
    () => undefined,
  );
}

/**
 * face-api's SSD MobileNetV1 on ONNX Runtime: the graph is built from the weights face-api ships (in the
 * runtime's precision, with a free input side), so the default pipeline never loads TensorFlow.js or
 * WebAssembly. It runs the network at options.detectorSize (default 512, face-api's). `warmed` resolves
 * once the warm-up inference has returned.
 * @example
 * const detector = await createOnnxSsdDetector(resolveRuntime(opts), { minConfidence: 0.5, largest: false });
 */
export async function createOnnxSsdDetector(
  runtime: Runtime,
  options: DetectorOptions,
): Promise<Detector & { warmed: Promise<void> }> {
  const ort = await loadOrt();
  const weights = await loadSsdWeights();
  const side = options.detectorSize ?? SSD_INPUT_SIZE;
  const anchors = anchorsForSize(floatValues(weights.get('Output/extra_dim') as never), side);
  const precision = runtime.detectorPrecision;
  const session = await createOrtSession(
    { name: `ssd-mobilenetv1-${precision}`, id: weights.source, build: () => buildSsdModel(weights, precision) },
    runtime,
    'face detector',
  );
  weights.clear();
  const warm = warmUp(session, ort, side);
  return {
    warmed: warm,
    async detect(image: RawImage): Promise<Detection[]> {
      await warm;
      const feed = new ort.Tensor('float32', toSsdInput(image, side), [1, 3, side, side]);
      const out = await session.run({ input: feed });
      const faces = decodeDetections(
        out.boxes.data as Float32Array,
        out.scores.data as Float32Array,
        anchors,
        image.width,
        image.height,
        options.minConfidence,
        MAX_RESULTS,
        side,
      );
      for (const t of Object.values(out)) t.dispose?.();
      return selectFaces(faces, options.largest);
    },
    async dispose(): Promise<void> {
      await warm;
      return session.release();
    },
  };
}
