// Precompute face-api's expression-net probabilities (the second teacher of ESR-9 v7) for a FER split:
// each 48x48 grey face and its mirror, fed as face-api feeds a face crop (RGB, resized to 112x112), on tfjs wasm.
//   node training/teacher.mjs --split train [--from 0 --to N] [--data ../shared/data/fer] [--out training/cache/teacher-train.f32]
// (--from/--to: rows [from, to) only, so that shards can run one per core and be concatenated in order).
// Output: rows x 2 x 7 float32 (view 0 the face, view 1 its mirror), face-api's order: neutral happy sad angry
// fearful disgusted surprised. training/cache/ is git-ignored.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const here = dirname(new URL(import.meta.url).pathname);

/** Command-line options with defaults. */
function readOptions() {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'train' },
      data: { type: 'string', default: resolve(here, '../../shared/data/fer') },
      out: { type: 'string' },
      batch: { type: 'string', default: '64' },
      from: { type: 'string', default: '0' },
      to: { type: 'string', default: '0' },
    },
  });
  return {
    ...values,
    out: values.out ?? join(here, 'cache', `teacher-${values.split}.f32`),
    batch: Number(values.batch),
    from: Number(values.from),
    to: Number(values.to),
  };
}

/** face-api on the wasm backend with its expression net loaded from the installed package. */
async function loadTeacher() {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf = faceapi.tf;
  tf.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);
  return { faceapi, tf, net: faceapi.nets.faceExpressionNet };
}

/** Probabilities (n x 7) for n grey faces (uint8, n*48*48), mirrored when flip is set. */
async function predict(tf, net, faces, n, flip) {
  const rgb = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(faces), [n, 48, 48, 1]);
    return tf.tile(flip ? tf.reverse(x, 2) : x, [1, 1, 1, 3]);
  });
  const faces3d = tf.unstack(rgb);
  const probs = await net.forward(faces3d);
  const data = probs.dataSync().slice();
  tf.dispose([rgb, probs, ...faces3d]);
  return data;
}

/** Run the teacher over the split and write the probabilities. */
async function main() {
  const opt = readOptions();
  const all = readFileSync(join(opt.data, `${opt.split}.u8`));
  const first = opt.from;
  const total = (opt.to || all.length / (48 * 48)) - first;
  const { tf, net } = await loadTeacher();
  const out = new Float32Array(total * 14);
  const t0 = Date.now();
  for (let i = 0; i < total; i += opt.batch) {
    const n = Math.min(opt.batch, total - i);
    const faces = all.subarray((first + i) * 2304, (first + i + n) * 2304);
    const views = [await predict(tf, net, faces, n, false), await predict(tf, net, faces, n, true)];
    for (let j = 0; j < n; j++) {
      for (let v = 0; v < 2; v++) out.set(views[v].subarray(j * 7, j * 7 + 7), (i + j) * 14 + v * 7);
    }
    if ((i / opt.batch) % 50 === 0)
      console.log(`${i + n}/${total} faces, ${((Date.now() - t0) / (i + n)).toFixed(2)} ms/face`);
  }
  mkdirSync(dirname(opt.out), { recursive: true });
  writeFileSync(opt.out, Buffer.from(out.buffer));
  console.log(`wrote ${opt.out}: ${total} x 2 views x 7 in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await main();
