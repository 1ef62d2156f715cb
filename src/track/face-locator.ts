import type { Detection, Detector } from '../detect/detector.js';
import type { ImageResult, RawImage } from '../types.js';
import { fitToFrame, predictBox, type Sighting } from './box-motion.js';
import { greyThumbnail, SCENE_CUT_THRESHOLD, thumbnailDifference } from './scene-cut.js';
import { createTracker, iou, matchBoxes, MIN_OVERLAP } from './tracker.js';

/** The faces of one analysed frame: the boxes to recognise, a stable id each, and whether the detector ran. */
export interface LocatedFaces {
  detections: Detection[];
  ids: number[];
  /** False: the boxes were carried over from the last detections. */
  detected: boolean;
}

/** Finds the faces of each analysed frame, in frame order. */
export interface FaceLocator {
  /**
   * The faces of analysed frame `index`; calls must come in frame order (each waits for the one before).
   * `cut`: the scene cut since the previous frame (VideoFrame.cut): the frame is detected and its faces
   * get new ids, even where a face of the old scene was.
   */
  locate(image: RawImage, index: number, cut?: boolean): Promise<LocatedFaces>;
  /**
   * Run the detector on a frame whose boxes were carried over (`located`, from locate() of that frame) and
   * put each face on the detection that overlaps its carried box most (IoU >= 0.3); a face the detector
   * misses is left out of this frame (no label on a box no detection confirms), and a face the detector finds
   * anew waits for the next detection. The frames that follow are not changed by it (results do not depend on how far
   * ahead the frames were located when it ran).
   */
  refine(image: RawImage, located: LocatedFaces): Promise<LocatedFaces>;
}

/**
 * Vote margins at or under this (the winning emotion's branch votes minus the runner-up's, out of 9) make
 * a face's label ambiguous, so a frame with carried boxes is detected again (docs/video.md; the measurements
 * behind 3: docs/benchmarks.md).
 */
export const AMBIGUOUS_MARGIN = 3;

/**
 * A face is recognised on its last detected box only while that box overlaps (IoU) the box moved on at the
 * face's velocity by at least this much; a face that moved further (over 40 % of its width since the last
 * detection) gets a detection rather than a label on a box it has left.
 */
export const HOLD_OVERLAP = 0.4;

/** A face followed between detections: its last two detector sightings and the detector's score. */
interface Track {
  id: number;
  last: Sighting;
  previous?: Sighting;
  score: number;
}

/** The last detection: when, the frame's thumbnail (for the scene-cut test) and whether the faces changed. */
interface LastDetection {
  index: number;
  thumbnail: Float32Array | null;
  changed: boolean;
}

/**
 * Whether any face of a recognised frame has an ambiguous label: a branch-vote margin of at most
 * AMBIGUOUS_MARGIN, where a box a few pixels off can flip the label.
 * @example
 * if (!found.detected && isAmbiguous(result)) found = await locator.refine(image, found);
 */
export function isAmbiguous(result: Pick<ImageResult, 'faces'>): boolean {
  return result.faces.some((face) => {
    const [first = 0, second = 0] = [...face.votes].sort((a, b) => b - a);
    return first - second <= AMBIGUOUS_MARGIN;
  });
}

/**
 * Locate faces on every analysed frame while running the detector only on every `detectEvery`-th one, or
 * sooner, and recognising each face on its last detected box in between, with a stable id from the tracker.
 * The rules (when the detector runs, when a box is held, scene cuts, faces leaving) are written once, in
 * docs/video.md; refine() detects a frame on demand.
 * @example
 * const locator = createFaceLocator(recognizer, 3);
 * const { detections, ids } = await locator.locate(frame.image, frame.index);
 */
export function createFaceLocator(recognizer: Pick<Detector, 'detect'>, detectEvery: number): FaceLocator {
  const tracker = createTracker();
  let tracks: Track[] = [];
  let lastDetection: LastDetection | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  /** Run the detector, match its faces to the tracks, and note whether any face came or went. */
  const detect = async (image: RawImage, index: number, thumbnail: Float32Array | null): Promise<LocatedFaces> => {
    const detections = await recognizer.detect(image);
    const ids = tracker.assign(detections.map((d) => d.box));
    const changed = ids.length !== tracks.length || tracks.some((t) => !ids.includes(t.id));
    const before = new Map(tracks.map((t) => [t.id, t]));
    tracks = detections.map((d, i) => ({
      id: ids[i],
      last: { index, box: d.box },
      previous: before.get(ids[i])?.last,
      score: d.score,
    }));
    lastDetection = { index, thumbnail, changed };
    return { detections, ids, detected: true };
  };

  /** Every track's box moved on to frame `index` at its velocity, or null when one leaves the frame or moved too far to hold its box. */
  const predict = (image: RawImage, index: number): Detection['box'][] | null => {
    const moved: Detection['box'][] = [];
    for (const t of tracks) {
      const box = fitToFrame(predictBox(t.last, t.previous, index), t.last.box, image.width, image.height);
      if (!box || iou(box, t.last.box) < HOLD_OVERLAP) return null;
      moved.push(box);
    }
    return moved;
  };

  /** Whether frame `index` needs the detector before any prediction is tried. */
  const isDue = (index: number, thumbnail: Float32Array): boolean => {
    const last = lastDetection;
    if (!last || last.changed || index - last.index >= detectEvery || !last.thumbnail) return true;
    return thumbnailDifference(thumbnail, last.thumbnail) > SCENE_CUT_THRESHOLD;
  };

  /** Detect or predict the faces of one frame; after a cut, with every old face retired. */
  const step = async (image: RawImage, index: number, cut: boolean): Promise<LocatedFaces> => {
    if (cut) {
      tracker.forget();
      [tracks, lastDetection] = [[], null];
    }
    if (detectEvery <= 1) return detect(image, index, null);
    const thumbnail = greyThumbnail(image);
    const moved = isDue(index, thumbnail) ? null : predict(image, index);
    if (!moved) return detect(image, index, thumbnail);
    const ids = tracks.map((t) => t.id);
    tracker.follow(ids, moved);
    return { detections: tracks.map((t) => ({ box: t.last.box, score: t.score })), ids, detected: false };
  };

  /** The located faces the detector confirms on this frame, on its boxes (the tracks are left as they are). */
  const refine = async (image: RawImage, located: LocatedFaces): Promise<LocatedFaces> => {
    const found = await recognizer.detect(image);
    const picks = matchBoxes(
      located.detections.map((d) => d.box),
      found.map((d) => d.box),
      MIN_OVERLAP,
    );
    const kept = picks.flatMap((p, i) => (p >= 0 ? [i] : []));
    return { detections: kept.map((i) => found[picks[i]]), ids: kept.map((i) => located.ids[i]), detected: true };
  };

  return {
    locate(image: RawImage, index: number, cut = false): Promise<LocatedFaces> {
      const found = chain.then(() => step(image, index, cut));
      chain = found.catch(() => undefined);
      return found;
    },
    refine,
  };
}
