import type { Detection } from './detector.js';
import { SSD_INPUT_SIZE } from './ssd-graph.js';

/** IoU above which face-api's SSD suppresses the weaker of two boxes. */
export const NMS_IOU_THRESHOLD = 0.5;

/** Box-encoding scales of the SSD box coder: centre offsets / 10, log sizes / 5. */
const CENTER_SCALE = 10;
const SIZE_SCALE = 5;

/** Decode box i (anchor + encoding) to [ymin, xmin, ymax, xmax] in the padded unit square. */
function decodeBox(encodings: Float32Array, anchors: Float32Array, i: number): number[] {
  const [a0, a1, a2, a3] = anchors.subarray(i * 4, i * 4 + 4);
  const [t0, t1, t2, t3] = encodings.subarray(i * 4, i * 4 + 4);
  const h = a2 - a0,
    w = a3 - a1;
  const cy = (t0 / CENTER_SCALE) * h + (a0 + h / 2);
  const cx = (t1 / CENTER_SCALE) * w + (a1 + w / 2);
  const hh = (Math.exp(t2 / SIZE_SCALE) * h) / 2;
  const hw = (Math.exp(t3 / SIZE_SCALE) * w) / 2;
  return [cy - hh, cx - hw, cy + hh, cx + hw];
}

/**
 * Intersection over union of two [ymin, xmin, ymax, xmax] boxes (0 when either is empty).
 * @example
 * boxIou([0, 0, 1, 1], [0, 0.5, 1, 1.5]); // 1/3
 */
export function boxIou(a: number[], b: number[]): number {
  const areaA = (Math.max(a[0], a[2]) - Math.min(a[0], a[2])) * (Math.max(a[1], a[3]) - Math.min(a[1], a[3]));
  const areaB = (Math.max(b[0], b[2]) - Math.min(b[0], b[2])) * (Math.max(b[1], b[3]) - Math.min(b[1], b[3]));
  if (areaA <= 0 || areaB <= 0) return 0;
  const ih = Math.max(
    Math.min(Math.max(a[0], a[2]), Math.max(b[0], b[2])) - Math.max(Math.min(a[0], a[2]), Math.min(b[0], b[2])),
    0,
  );
  const iw = Math.max(
    Math.min(Math.max(a[1], a[3]), Math.max(b[1], b[3])) - Math.max(Math.min(a[1], a[3]), Math.min(b[1], b[3])),
    0,
  );
  const inter = ih * iw;
  return inter / (areaA + areaB - inter);
}

/** Greedy non-maximum suppression over the boxes scoring above the threshold; returns kept indices, best first. */
function suppress(
  boxes: Map<number, number[]>,
  order: { index: number; score: number }[],
  maxResults: number,
): number[] {
  const kept: number[] = [];
  for (const c of order) {
    if (kept.length >= maxResults) break;
    const box = boxes.get(c.index) as number[];
    let alive = true;
    for (let j = kept.length - 1; j >= 0 && alive; j--) {
      if (boxIou(box, boxes.get(kept[j]) as number[]) > NMS_IOU_THRESHOLD) alive = false;
    }
    if (alive) kept.push(c.index);
  }
  return kept;
}

/**
 * Turn SSD outputs for one image into face detections in image pixels, the way face-api's
 * SsdMobilenetv1.locateFaces does: decode against the anchors, keep scores above minConfidence,
 * suppress overlaps (IoU > 0.5), clip to the padded square and map back to the image (the network
 * input was inputSize squared).
 * @example
 * const faces = decodeDetections(boxes, scores, anchors, 640, 360, 0.5);
 */
export function decodeDetections(
  encodings: Float32Array,
  scores: Float32Array,
  anchors: Float32Array,
  width: number,
  height: number,
  minConfidence: number,
  maxResults = 100,
  inputSize = SSD_INPUT_SIZE,
): Detection[] {
  const count = anchors.length / 4;
  const order: { index: number; score: number }[] = [];
  for (let i = 0; i < count; i++)
    if (scores[i * 3 + 1] > minConfidence) order.push({ index: i, score: scores[i * 3 + 1] });
  order.sort((a, b) => b.score - a.score);
  const boxes = new Map(order.map((c) => [c.index, decodeBox(encodings, anchors, c.index)]));
  const scale = inputSize / Math.max(width, height);
  const padX = inputSize / Math.round(width * scale);
  const padY = inputSize / Math.round(height * scale);
  return suppress(boxes, order, Math.min(maxResults, count)).map((i) => {
    const [y0, x0, y1, x1] = boxes.get(i) as number[];
    const top = Math.max(0, y0) * padY,
      bottom = Math.min(1, y1) * padY;
    const left = Math.max(0, x0) * padX,
      right = Math.min(1, x1) * padX;
    return {
      box: { x: left * width, y: top * height, width: (right - left) * width, height: (bottom - top) * height },
      score: scores[i * 3 + 1],
    };
  });
}
