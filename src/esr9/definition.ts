/** ESR-9 as published; parameter names are the contract with training/esr9.py. */

/** AffectNet class order of the eight emotion logits. */
export const EMOTIONS = ['Neutral', 'Happy', 'Sad', 'Surprise', 'Fear', 'Disgust', 'Anger', 'Contempt'] as const;

/** Number of emotion logits per branch. */
export const NUM_EMOTIONS = EMOTIONS.length;

/** Number of dimensional outputs per branch: arousal, valence. */
export const NUM_AFFECT = 2;

/** Number of branches in the ensemble. */
export const NUM_BRANCHES = 9;

/** Input side of weights files without an `input_size` metadata field: the paper's 96x96 (releases v1, v2). */
export const PAPER_INPUT_SIZE = 96;

/** Side of the grey faces cropped for ESR-9 (FER2013 resolution); resized to the model's input side when it differs. */
export const TRAINING_SIZE = 48;

/** Smallest and largest input side a weights file may declare (44 still leaves every branch a 1x1 map). */
export const INPUT_SIZE_RANGE = [44, 256] as const;

/** One convolution + batch-norm + ReLU, optionally followed by 2x2 max-pooling. */
export interface ConvSpec {
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  padding: number;
  poolAfter: boolean;
}

/** The shared base: 48x48x3 -> 8x8x128 (96x96x3 -> 20x20x128 for the paper's input). */
export const BASE_CONVS: ConvSpec[] = [
  { name: 'conv1', inChannels: 3, outChannels: 64, kernel: 5, padding: 0, poolAfter: false },
  { name: 'conv2', inChannels: 64, outChannels: 128, kernel: 3, padding: 0, poolAfter: true },
  { name: 'conv3', inChannels: 128, outChannels: 128, kernel: 3, padding: 0, poolAfter: false },
  { name: 'conv4', inChannels: 128, outChannels: 128, kernel: 3, padding: 0, poolAfter: true },
];

/** Each branch: 8x8x128 -> 2x2x512 (20x20x128 -> 8x8x512 at 96), then global average pool and two heads. */
export const BRANCH_CONVS: ConvSpec[] = [
  { name: 'conv1', inChannels: 128, outChannels: 128, kernel: 3, padding: 0, poolAfter: false },
  { name: 'conv2', inChannels: 128, outChannels: 256, kernel: 3, padding: 0, poolAfter: true },
  { name: 'conv3', inChannels: 256, outChannels: 256, kernel: 3, padding: 1, poolAfter: false },
  { name: 'conv4', inChannels: 256, outChannels: 512, kernel: 3, padding: 1, poolAfter: false },
];

/** Fully connected heads of a branch: fc 512->8 (logits), fc_dimensional 8->2 (arousal, valence) after ReLU. */
export const BRANCH_DENSE = [
  { name: 'fc', inFeatures: 512, outFeatures: NUM_EMOTIONS },
  { name: 'fc_dimensional', inFeatures: NUM_EMOTIONS, outFeatures: NUM_AFFECT },
] as const;

/** Channels of the shared base's output, the layer Grad-CAM explains (with each branch's own gradients). */
export const SHARED_CHANNELS = BASE_CONVS[BASE_CONVS.length - 1].outChannels;

/**
 * Side of a square map after a stack of convolutions (stride 1) and 2x2 max-pools (floor), from the specs.
 * @example
 * mapSize(48, BASE_CONVS); // 8
 */
export function mapSize(side: number, convs: ConvSpec[]): number {
  return convs.reduce((s, c) => {
    const out = s + 2 * c.padding - c.kernel + 1;
    return c.poolAfter ? Math.floor(out / 2) : out;
  }, side);
}

/**
 * Where the cells of the shared base's output lie in the network input, as fractions of its side: cell i's
 * receptive field is centred at offset + stride * i input pixels (stride 4, offset 8.5 for ESR-9's base), so
 * the cell grid spans [offset + 0.5 - stride / 2, that + side * stride) of the input.
 * @example
 * sharedExtent(48); // { x: 0.1458, y: 0.1458, width: 0.6667, height: 0.6667 }
 */
export function sharedExtent(inputSize: number): { x: number; y: number; width: number; height: number } {
  let stride = 1;
  let offset = 0;
  for (const c of BASE_CONVS) {
    offset += stride * ((c.kernel - 1) / 2 - c.padding);
    if (c.poolAfter) {
      offset += stride * 0.5;
      stride *= 2;
    }
  }
  const start = (offset + 0.5 - stride / 2) / inputSize;
  const span = (sharedSize(inputSize) * stride) / inputSize;
  return { x: start, y: start, width: span, height: span };
}

/**
 * Side of the shared base's output (the Grad-CAM layer) for a model input side.
 * @example
 * sharedSize(48); // 8
 * sharedSize(96); // 20
 */
export function sharedSize(inputSize: number): number {
  return mapSize(inputSize, BASE_CONVS);
}

/** Batch-norm epsilon used in training (PyTorch default). */
export const ESR9_BN_EPSILON = 1e-5;

/**
 * The prefix of a layer's parameters: 'base.' or 'branches.<i>.'.
 * @example
 * layerPrefix(3); // 'branches.3.'
 */
export function layerPrefix(branch: number | null): string {
  return branch === null ? 'base.' : `branches.${branch}.`;
}

/**
 * Every tensor the weights file must contain, with its shape.
 * @example
 * listParameters().get('base.conv1.weight'); // [64, 3, 5, 5]
 */
export function listParameters(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const addConvs = (prefix: string, convs: ConvSpec[]): void => {
    convs.forEach((c, i) => {
      out.set(`${prefix}${c.name}.weight`, [c.outChannels, c.inChannels, c.kernel, c.kernel]);
      out.set(`${prefix}${c.name}.bias`, [c.outChannels]);
      for (const p of ['weight', 'bias', 'running_mean', 'running_var'])
        out.set(`${prefix}bn${i + 1}.${p}`, [c.outChannels]);
    });
  };
  addConvs(layerPrefix(null), BASE_CONVS);
  for (let b = 0; b < NUM_BRANCHES; b++) {
    addConvs(layerPrefix(b), BRANCH_CONVS);
    for (const d of BRANCH_DENSE) {
      out.set(`${layerPrefix(b)}${d.name}.weight`, [d.outFeatures, d.inFeatures]);
      out.set(`${layerPrefix(b)}${d.name}.bias`, [d.outFeatures]);
    }
  }
  return out;
}
