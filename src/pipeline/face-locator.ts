import type { Detection } from '../detect/detector.js';
import type { RawImage } from '../types.js';
import { fitToFrame, predictBox, type Sighting } from './box-motion.js';
import type { Recognizer } from './recognizer.js';
import { greyThumbnail, SCENE_CUT_THRESHOLD, thumbnailDifference } from './scene-cut.js';
import { createTracker } from './tracker.js';

/** The faces of one analysed frame: the boxes to recognise, a stable id each, and whether the detector ran. */
export interface LocatedFaces {
  detections: Detection[];
  ids: number[];
  /** False: the boxes were moved on from the last detections. */
  detected: boolean;
}

/** Finds the faces of each analysed frame, in frame order. */
export interface FaceLocator {
  /** The faces of analysed frame `index`; calls must come in frame order (each waits for the one before). */
  locate(image: RawImage, index: number): Promise<LocatedFaces>;
}

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
 * Locate faces on every analysed frame while running the detector only on every `detectEvery`-th one:
 * in between, each face's box moves on at the velocity of its last two detections (clamped to the frame)
 * and keeps its last score. A frame is detected at once, before its turn, when the last detection lost a
 * face or found a new one, when the scene cut (thumbnail difference above SCENE_CUT_THRESHOLD from the
 * last detected frame), or when a predicted box leaves the frame. New faces are found only by a detection,
 * so one appearing between detections is missed for at most detectEvery - 1 frames. 1 = detect every frame.
 * @example
 * const locator = createFaceLocator(recognizer, 3);
 * const { detections, ids } = await locator.locate(frame.image, frame.index);
 */
export function createFaceLocator(recognizer: Pick<Recognizer, 'detect'>, detectEvery: number): FaceLocator {
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
    tracks = detections.map((d, i) => ({ id: ids[i], last: { index, box: d.box }, previous: before.get(ids[i])?.last, score: d.score }));
    lastDetection = { index, thumbnail, changed };
    return { detections, ids, detected: true };
  };

  /** Every track's box moved on to frame `index`, or null when one leaves the frame. */
  const predict = (image: RawImage, index: number): Detection[] | null => {
    const moved: Detection[] = [];
    for (const t of tracks) {
      const box = fitToFrame(predictBox(t.last, t.previous, index), t.last.box, image.width, image.height);
      if (!box) return null;
      moved.push({ box, score: t.score });
    }
    return moved;
  };

  /** Whether frame `index` needs the detector before any prediction is tried. */
  const isDue = (index: number, thumbnail: Float32Array): boolean => {
    const last = lastDetection;
    if (!last || last.changed || index - last.index >= detectEvery || !last.thumbnail) return true;
    return thumbnailDifference(thumbnail, last.thumbnail) > SCENE_CUT_THRESHOLD;
  };

  /** Detect or predict the faces of one frame. */
  const step = async (image: RawImage, index: number): Promise<LocatedFaces> => {
    if (detectEvery <= 1) return detect(image, index, null);
    const thumbnail = greyThumbnail(image);
    const moved = isDue(index, thumbnail) ? null : predict(image, index);
    if (!moved) return detect(image, index, thumbnail);
    const ids = tracks.map((t) => t.id);
    tracker.follow(ids, moved.map((d) => d.box));
    return { detections: moved, ids, detected: false };
  };

  return {
    locate(image: RawImage, index: number): Promise<LocatedFaces> {
      const found = chain.then(() => step(image, index));
      chain = found.catch(() => undefined);
      return found;
    },
  };
}
