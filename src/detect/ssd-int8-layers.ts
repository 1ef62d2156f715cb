import type { AttributeValue, GraphBuilder } from '../runtime/onnx-builder.js';
import type { ActivationScale, QuantizedValue } from '../runtime/qdq.js';
import { dequantize, emitQuantizedConv, quantize, reluScale } from '../runtime/qdq.js';
import { SSD_BN_EPSILON, requireWeight, type SsdWeights, weightValues } from './ssd-weights.js';

/** Every MobileNetV1 layer ends in ReLU6: its outputs lie on [0, 6]. */
const RELU6_GRID = reluScale(6);

/** The input grid: the SSD input lies in [-1, 1]. */
export const SSD_INPUT_GRID: ActivationScale = { scale: 1 / 127.5, zeroPoint: 128 };

/** TF HWIO filters (or HW C 1 for depthwise) as OIHW, with the ONNX weight shape. */
function toOihw(values: Float32Array, shape: number[], depthwise: boolean): { weight: Float32Array; shape: number[] } {
  const [h, w, i, o] = shape;
  const outC = depthwise ? i : o;
  const inC = depthwise ? 1 : i;
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < i; c++) {
        for (let k = 0; k < o; k++) {
          const oc = depthwise ? c : k;
          const ic = depthwise ? 0 : c;
          out[((oc * inC + ic) * h + y) * w + x] = values[((y * w + x) * i + c) * o + k];
        }
      }
    }
  }
  return { weight: out, shape: [outC, inC, h, w] };
}

/**
 * A MobileNetV1 layer in int8: 'pointwise' (conv + bn offset) or 'depthwise' (depthwise conv + batch-norm,
 * folded), then ReLU6 with its output on the uint8 grid over [0, 6] (ONNX Runtime folds the clip into the
 * int8 kernel). `conv` holds the caller's stride and padding attributes; kernel and groups come from the weights.
 * @example
 * x = emitInt8Layer(g, weights, x, 'MobilenetV1/Conv2d_1_depthwise', 'depthwise', { strides: [1, 1], auto_pad: { str: 'SAME_UPPER' } });
 */
export function emitInt8Layer(
  g: GraphBuilder,
  weights: SsdWeights,
  x: QuantizedValue,
  prefix: string,
  kind: 'pointwise' | 'depthwise',
  conv: Record<string, AttributeValue>,
): QuantizedValue {
  const depthwise = kind === 'depthwise';
  const raw = requireWeight(weights, `${prefix}/${depthwise ? 'depthwise_weights' : 'weights'}`);
  const { weight, shape } = toOihw(weightValues(raw), raw.shape, depthwise);
  const channels = shape[0];
  const per = weight.length / channels;
  let bias: Float32Array;
  if (depthwise) {
    const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) =>
      weightValues(requireWeight(weights, `${prefix}/BatchNorm/${p}`)),
    );
    bias = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      const s = gamma[c] / Math.sqrt(variance[c] + SSD_BN_EPSILON);
      for (let i = c * per; i < (c + 1) * per; i++) weight[i] *= s;
      bias[c] = beta[c] - mean[c] * s;
    }
  } else {
    bias = weightValues(requireWeight(weights, `${prefix}/convolution_bn_offset`));
  }
  const y = emitQuantizedConv(
    g,
    prefix,
    dequantize(g, x.name),
    x.grid,
    { weight, bias, outChannels: channels, shape },
    {
      ...conv,
      kernel_shape: [shape[2], shape[3]],
      ...(depthwise ? { group: { int: channels } } : {}),
    },
  );
  quantize(g, g.node('Clip', [y, 'ssd.zero', 'ssd.six']), prefix, RELU6_GRID);
  return { name: prefix, grid: RELU6_GRID };
}
