import { createDetector } from '../detect/detector.js';
import { NUM_BRANCHES } from '../esr9/definition.js';
import { createEngine, type Esr9Output } from '../esr9/engine.js';
import { argmax, type ClassMap, classMap, mapProbabilities, vote } from '../esr9/ensemble.js';
import { loadWeights, type Esr9Weights } from '../esr9/weights.js';
import { FerError } from '../errors.js';
import { computeGradCam } from '../explain/grad-cam.js';
import { cropFaces } from '../io/crop-faces.js';
import { readImage } from '../io/read-image.js';
import { type FerOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import type { BranchResult, FaceResult, ImageInput, ImageResult, RawImage } from '../types.js';
import type { Detection } from '../detect/detector.js';

/** A loaded ESR-9 ensemble with its face detector. */
export interface Recognizer {
  /** The resolved options in use. */
  readonly options: ResolvedOptions;
  /** The engine and backend in use, e.g. 'onnx/cpu'. */
  readonly engine: string;
  /** Class labels of every result, in output order. */
  readonly labels: string[];
  /** Detect faces in an image and recognise the expression of each. */
  recognize(image: ImageInput): Promise<ImageResult>;
  /** Release the engine and detector; the recognizer cannot be used afterwards. */
  dispose(): Promise<void>;
}

/** Build one branch's result for face i. */
function branchResult(out: Esr9Output, weights: Esr9Weights, map: ClassMap, i: number, b: number, gradCam: boolean): BranchResult {
  const offset = (i * NUM_BRANCHES + b) * 8;
  const logits = out.logits.subarray(offset, offset + 8);
  const probabilities = mapProbabilities(logits, map);
  const cls = argmax(probabilities);
  const result: BranchResult = {
    emotion: map.labels[cls],
    probabilities,
    arousal: out.affect[(i * NUM_BRANCHES + b) * 2],
    valence: out.affect[(i * NUM_BRANCHES + b) * 2 + 1],
  };
  if (gradCam && out.features) {
    const group = map.groups[cls];
    const target = group.reduce((best, k) => (logits[k] > logits[best] ? k : best), group[0]);
    const size = 8 * 8 * 512;
    const feats = out.features[b].subarray(i * size, (i + 1) * size);
    result.gradCam = computeGradCam(feats, weights.branches[b].fc.weight, 512, 8, 8, target);
  }
  return result;
}

/** Combine branch results into the ensemble result for one face. */
function faceResult(det: Detection, branches: BranchResult[], map: ClassMap): FaceResult {
  const { winner, votes, mean } = vote(branches.map((b) => b.probabilities));
  const avg = (f: (b: BranchResult) => number): number => branches.reduce((s, b) => s + f(b), 0) / branches.length;
  return {
    box: det.box, score: det.score, emotion: map.labels[winner], votes, probabilities: mean,
    arousal: avg((b) => b.arousal), valence: avg((b) => b.valence), branches,
  };
}

/**
 * Load ESR-9 and the face detector once; recognise many images.
 * @example
 * const fer = await createRecognizer({ gradCam: true });
 * const result = await fer.recognize('media/astronaut.png');
 * console.log(result.faces[0].emotion, result.faces[0].valence);
 * await fer.dispose();
 */
export async function createRecognizer(options: FerOptions = {}): Promise<Recognizer> {
  const opts = resolveOptions(options);
  const weights = await loadWeights(opts.modelDir);
  const engine = await createEngine(weights, opts);
  const detector = await createDetector(opts).catch(async (e) => {
    await engine.dispose();
    throw e;
  });
  const map = classMap(opts.classes);
  let disposed = false;
  return {
    options: opts,
    engine: engine.name,
    labels: map.labels,
    async recognize(image: ImageInput): Promise<ImageResult> {
      if (disposed) throw new FerError('DISPOSED', 'this recognizer was disposed', 'call createRecognizer() again');
      const raw: RawImage = await readImage(image, opts.maxPixels);
      const detections = await detector.detect(raw);
      const base = { width: raw.width, height: raw.height, labels: map.labels };
      if (detections.length === 0) return { ...base, faces: [] };
      const batch = await cropFaces(raw, detections.map((d) => d.box));
      const out = await engine.run(batch, detections.length, opts.gradCam);
      const faces = detections.map((det, i) =>
        faceResult(det, Array.from({ length: NUM_BRANCHES }, (_, b) => branchResult(out, weights, map, i, b, opts.gradCam)), map));
      return { ...base, faces };
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      detector.dispose();
      await engine.dispose();
    },
  };
}
