import { SSD_INPUT_SIZE } from './ssd-graph.js';

/** Anchors per cell of each of the six predictor levels (face-api's SSD MobileNetV1). */
const ANCHORS_PER_CELL = [3, 6, 6, 6, 6, 6];

/** Strides of the layers between the input and the predictor levels: to Conv2d_11 (/16), Conv2d_13 (/32), then four extra /2 layers. */
const LEVEL_STRIDES = [[2, 2, 2, 2], [2], [2], [2], [2], [2]];

/**
 * Side of each predictor level's feature map for a square input of `size` ('same' padding: ceil(side / stride)).
 * @example
 * ssdLevelSizes(512); // [32, 16, 8, 4, 2, 1]
 * ssdLevelSizes(320); // [20, 10, 5, 3, 2, 1]
 */
export function ssdLevelSizes(size: number): number[] {
  let side = size;
  return LEVEL_STRIDES.map((strides) => (side = strides.reduce((s, k) => Math.ceil(s / k), side)));
}

/**
 * The anchors (ymin, xmin, ymax, xmax in the unit square, (level, row, column, anchor) order) for an input
 * of `size`: the network is fully convolutional, so each anchor keeps its size in input pixels (its shipped
 * 512-px height and width times 512 / size in unit-square terms) and is centred on its cell of the smaller or
 * larger grid, as TensorFlow's grid anchor generator places them. At 512 this is the shipped set.
 * @example
 * const anchors = anchorsForSize(floatValues(weights.get('Output/extra_dim')!), 384); // 2892 x 4 values
 */
export function anchorsForSize(shipped: Float32Array, size: number): Float32Array {
  const base = ssdLevelSizes(SSD_INPUT_SIZE);
  const sides = ssdLevelSizes(size);
  const total = sides.reduce((n, s, l) => n + s * s * ANCHORS_PER_CELL[l], 0);
  const scale = SSD_INPUT_SIZE / size;
  const out = new Float32Array(total * 4);
  let from = 0;
  let to = 0;
  sides.forEach((side, l) => {
    const k = ANCHORS_PER_CELL[l];
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        for (let a = 0; a < k; a++) {
          const h = (shipped[(from + a) * 4 + 2] - shipped[(from + a) * 4]) * scale;
          const w = (shipped[(from + a) * 4 + 3] - shipped[(from + a) * 4 + 1]) * scale;
          const cy = (r + 0.5) / side;
          const cx = (c + 0.5) / side;
          out.set([cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2], to * 4);
          to++;
        }
      }
    }
    from += base[l] * base[l] * k;
  });
  return out;
}
