import { FerError } from '../errors.js';
import { loadTf, type Tf } from '../runtime/tfjs.js';
import type { Runtime } from '../runtime/resolve-runtime.js';
import { NUM_EMOTIONS, SHARED_CHANNELS, sharedSize } from './definition.js';
import type { Esr9Engine, Esr9Output } from './engine.js';
import { type Dense, type Esr9Weights, type FoldedConv, foldWeights } from './weights.js';

type T4 = ReturnType<Tf['tensor4d']>;
type T2 = ReturnType<Tf['tensor2d']>;

/** Conv weights OIHW -> HWIO, as tf.conv2d wants. */
function toHwio(conv: FoldedConv): Float32Array {
  const { outChannels: o, inChannels: c, kernel: k } = conv.spec;
  const out = new Float32Array(conv.weight.length);
  for (let oi = 0; oi < o; oi++)
    for (let ci = 0; ci < c; ci++)
      for (let y = 0; y < k; y++)
        for (let x = 0; x < k; x++) {
          out[((y * k + x) * c + ci) * o + oi] = conv.weight[((oi * c + ci) * k + y) * k + x];
        }
  return out;
}

/**
 * The TensorFlow.js engine on face-api's tf instance: wasm by default, native 'tensorflow' when
 * @tensorflow/tfjs-node(-gpu) is installed.
 * @example
 * const engine = await createTfjsEngine(weights, resolveRuntime(resolveOptions({ engine: 'tfjs' })));
 */
export async function createTfjsEngine(stored: Esr9Weights, runtime: Runtime): Promise<Esr9Engine> {
  const { tf, backend } = await loadTf(runtime.backend);
  const weights = foldWeights(stored);
  const keep: { dispose(): void }[] = [];
  const convVar = (c: FoldedConv): { w: T4; b: ReturnType<Tf['tensor1d']>; pad: number; pool: boolean } => {
    const w = tf.tensor4d(toHwio(c), [c.spec.kernel, c.spec.kernel, c.spec.inChannels, c.spec.outChannels]);
    const b = tf.tensor1d(c.bias);
    keep.push(w, b);
    return { w, b, pad: c.spec.padding, pool: c.spec.poolAfter };
  };
  const denseVar = (d: Dense): { w: T2; b: ReturnType<Tf['tensor1d']> } => {
    const w = tf.transpose(tf.tensor2d(d.weight, [d.outFeatures, d.inFeatures])) as T2;
    const b = tf.tensor1d(d.bias);
    keep.push(w, b);
    return { w, b };
  };
  const base = weights.base.map(convVar);
  const branches = weights.branches.map((br) => ({
    convs: br.convs.map(convVar),
    fc: denseVar(br.fc),
    fcd: denseVar(br.fcDimensional),
  }));
  const applyConvs = (x: T4, convs: ReturnType<typeof convVar>[]): T4 =>
    convs.reduce((h, c) => {
      const padded = c.pad
        ? tf.pad(h, [
            [0, 0],
            [c.pad, c.pad],
            [c.pad, c.pad],
            [0, 0],
          ])
        : h;
      const y = tf.relu(tf.add(tf.conv2d(padded, c.w, 1, 'valid'), c.b)) as T4;
      return c.pool ? tf.maxPool(y, 2, 2, 'valid') : y;
    }, x);
  const branchLogits = (shared: T4, br: (typeof branches)[number]): { f: T4; l: T2 } => {
    const f = applyConvs(shared, br.convs);
    return { f, l: tf.add(tf.matMul(tf.mean(f, [1, 2]) as T2, br.fc.w), br.fc.b) as T2 };
  };
  const size = stored.inputSize;
  let disposed = false;
  const check = (): void => {
    if (disposed) throw new FerError('DISPOSED', 'the tfjs engine was disposed', 'create a new recognizer');
  };
  return {
    name: `tfjs/${backend}`,
    inputSize: size,
    async run(input: Float32Array, n: number, withShared: boolean): Promise<Esr9Output> {
      check();
      const outs = tf.tidy(() => {
        const x = tf.transpose(tf.tensor4d(input, [n, 3, size, size]), [0, 2, 3, 1]) as T4;
        const shared = applyConvs(x, base);
        const logits: T2[] = [],
          affect: T2[] = [];
        for (const br of branches) {
          const { l } = branchLogits(shared, br);
          logits.push(l);
          affect.push(tf.add(tf.matMul(tf.relu(l) as T2, br.fcd.w), br.fcd.b) as T2);
        }
        return {
          logits: tf.stack(logits, 1),
          affect: tf.stack(affect, 1),
          shared: withShared ? [tf.transpose(shared, [0, 3, 1, 2])] : [],
        };
      });
      try {
        const result: Esr9Output = {
          logits: (await outs.logits.data()) as Float32Array,
          affect: (await outs.affect.data()) as Float32Array,
        };
        if (outs.shared.length) result.shared = (await outs.shared[0].data()) as Float32Array;
        return result;
      } finally {
        tf.dispose([outs.logits, outs.affect, ...outs.shared]);
      }
    },
    async gradients(shared: Float32Array, n: number, targets: number[][]): Promise<Float32Array[]> {
      check();
      const side = sharedSize(size);
      const grads = tf.tidy(() => {
        const s = tf.transpose(tf.tensor4d(shared, [n, SHARED_CHANNELS, side, side]), [0, 2, 3, 1]) as T4;
        return branches.map((br, b) => {
          const picks = tf.oneHot(
            tf.tensor1d(
              targets.map((t) => t[b]),
              'int32',
            ),
            NUM_EMOTIONS,
          );
          const grad = tf.grad((v) => tf.sum(tf.mul(branchLogits(v as T4, br).l, picks)))(s);
          return tf.transpose(grad, [0, 3, 1, 2]);
        });
      });
      try {
        return await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
      } finally {
        tf.dispose(grads);
      }
    },
    async dispose(): Promise<void> {
      disposed = true;
      for (const t of keep) t.dispose();
    },
  };
}
