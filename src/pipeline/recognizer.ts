import { type Detection, type Detector } from '../detect/detector.js';
import { createDetector } from '../detect/create-detector.js';
import { TRAINING_SIZE } from '../esr9/definition.js';
import { decodeFaces } from '../esr9/decode.js';
import { type Esr9Engine } from '../esr9/engine.js';
import { createEngine } from '../esr9/create-engine.js';
import { classMap } from '../esr9/ensemble.js';
import { withFlip } from '../esr9/flip-engine.js';
import { toNetworkInput } from '../esr9/input.js';
import { type Esr9Weights, loadWeights } from '../esr9/weights.js';
import { FerError } from '../errors.js';
import { explainFaces } from '../explain/grad-cam.js';
import { cropGreyFaces } from '../io/crop-faces.js';
import { readImage } from '../io/read-image.js';
import { type FerOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import { resolveRuntime } from '../runtime/resolve-runtime.js';
import { asDisposedError, checkImageInput, checkRecognizerOptions } from './check-recognizer-call.js';
import type { FaceResult, ImageInput, ImageResult, RawImage } from '../types.js';

/** A loaded ESR-9 ensemble with its face detector. */
export interface Recognizer {
  /** The resolved options in use. */
  readonly options: ResolvedOptions;
  /** The engine and backend in use (and int8 when ESR-9 runs quantised), e.g. 'onnx/cpu' or 'onnx/cpu/int8'. */
  readonly engine: string;
  /** Class labels of every result, in output order. */
  readonly labels: string[];
  /** Detect faces in an image and recognise the expression of each. */
  recognize(image: ImageInput): Promise<ImageResult>;
  /** Find the faces of a decoded image (the first half of recognize, for pipelining). */
  detect(image: RawImage): Promise<Detection[]>;
  /** Recognise the expressions of faces already found (the second half of recognize). */
  classify(image: RawImage, detections: Detection[]): Promise<ImageResult>;
  /** Release the engine and detector; the recognizer cannot be used afterwards. */
  dispose(): Promise<void>;
}

/**
 * Engine and detector created side by side (the detector in its own thread); if one fails the other is
 * released. The weights file buffer is not kept: it can be collected while ONNX Runtime builds its sessions.
 */
async function loadModels(opts: ResolvedOptions): Promise<{ engine: Esr9Engine; detector: Detector }> {
  const runtime = resolveRuntime(opts);
  const detecting = createDetector(opts, runtime);
  detecting.catch(() => undefined);
  let stored: Esr9Weights | null = await loadWeights(opts.modelDir).catch(async (e) => {
    await (await detecting.catch(() => null))?.dispose();
    throw e;
  });
  const creating = createEngine(stored, runtime).then((e) => (opts.flip ? withFlip(e) : e));
  stored = null;
  const [engine, detector] = await Promise.allSettled([creating, detecting]);
  if (engine.status === 'fulfilled' && detector.status === 'fulfilled')
    return { engine: engine.value, detector: detector.value };
  if (engine.status === 'fulfilled') await engine.value.dispose();
  if (detector.status === 'fulfilled') await detector.value.dispose();
  throw engine.status === 'rejected' ? engine.reason : (detector as PromiseRejectedResult).reason;
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
  const opts = resolveOptions(checkRecognizerOptions(options));
  const { engine, detector } = await loadModels(opts);
  let gradientsPending = opts.gradCam;
  /** Called once a detection is under way: the gradient session opens on this thread while the detector works in its own. */
  const overlapGradients = (): void => {
    if (!gradientsPending) return;
    gradientsPending = false;
    engine.prepareGradients?.();
  };
  const map = classMap(opts.classes);
  let disposed = false;
  const check = (): void => {
    if (disposed) throw new FerError('DISPOSED', 'this recognizer was disposed', 'call createRecognizer() again');
  };
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    work.then(
      () => running.delete(work),
      () => running.delete(work),
    );
    return work;
  };
  const classify = async (raw: RawImage, detections: Detection[]): Promise<ImageResult> => {
    check();
    const base = { width: raw.width, height: raw.height, labels: map.labels };
    if (detections.length === 0) return { ...base, faces: [] };
    const greys = await cropGreyFaces(
      raw,
      detections.map((d) => d.box),
      TRAINING_SIZE,
    );
    check();
    const out = await track(engine.run(toNetworkInput(greys, engine.inputSize), detections.length, opts.gradCam));
    const decoded = decodeFaces(out, detections.length, map);
    if (opts.gradCam) check();
    const maps = opts.gradCam
      ? await track(
          explainFaces(
            engine,
            out,
            detections.length,
            decoded.map((d) => d.targets),
          ),
        )
      : null;
    const faces = decoded.map(({ targets, ...face }, i): FaceResult => {
      const branches = maps ? face.branches.map((b, k) => ({ ...b, gradCam: maps[i][k] })) : face.branches;
      return { box: detections[i].box, score: detections[i].score, ...face, branches };
    });
    return { ...base, faces };
  };
  return {
    options: opts,
    engine: engine.name,
    labels: map.labels,
    async detect(raw: RawImage): Promise<Detection[]> {
      check();
      const found = detector.detect(raw);
      overlapGradients();
      return found.catch((e) => Promise.reject(asDisposedError(e, disposed)));
    },
    classify: (raw, detections) => classify(raw, detections).catch((e) => Promise.reject(asDisposedError(e, disposed))),
    async recognize(image: ImageInput): Promise<ImageResult> {
      check();
      const raw = await readImage(checkImageInput(image), opts.maxPixels);
      check();
      const found = track(detector.detect(raw));
      overlapGradients();
      return classify(raw, await found).catch((e) => Promise.reject(asDisposedError(e, disposed)));
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      while (running.size) await Promise.allSettled([...running]); // a session released mid-run never answers
      await Promise.all([detector.dispose(), engine.dispose()]);
    },
  };
}
