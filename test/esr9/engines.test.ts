import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { at, loadGolden, NO_GOLDEN } from '../helpers/golden.js';
import { sharedSize } from '../../src/esr9/definition.js';
import { decodeFaces } from '../../src/esr9/decode.js';
import { createEngine } from '../../src/esr9/create-engine.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { toNetworkInput } from '../../src/esr9/input.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { explainFaces } from '../../src/explain/grad-cam.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { SHARED } from '../helpers/fixtures.js';
import { randomInput, writeRandomModel } from '../helpers/random-weights.js';

/** Largest absolute difference between two arrays. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Euclidean norm of an array. */
const normOf = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

/** ||a - b|| / ||b||: the relative error of a against b. */
const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  normOf(Array.from(a, (v, i) => v - b[i])) / normOf(b);

/** The runtime for an engine name with default settings. */
const runtimeOf = (engine: 'onnx' | 'tfjs') => resolveRuntime(resolveOptions({ engine, precision: 'fp32' }));

for (const size of [48, 96]) {
  test(`onnx and tfjs engines agree on random ${size}x${size} weights: outputs, shared map and every branch's gradients`, async () => {
    const weights = await loadWeights(writeRandomModel(3, size));
    assert.equal(weights.inputSize, size);
    const onnx = await createEngine(weights, runtimeOf('onnx'));
    const tfjs = await createEngine(weights, runtimeOf('tfjs'));
    assert.equal(onnx.inputSize, size);
    const input = randomInput(3, 7, size);
    const a = await onnx.run(input, 3, true);
    const b = await tfjs.run(input, 3, true);
    assert.equal(a.logits.length, 3 * 9 * 8);
    assert.ok(maxAbsDiff(a.logits, b.logits) < 1e-3, `logits differ by ${maxAbsDiff(a.logits, b.logits)}`);
    assert.ok(maxAbsDiff(a.affect, b.affect) < 1e-3);
    const side = sharedSize(size);
    assert.equal(a.shared!.length, 3 * 128 * side * side);
    assert.ok(maxAbsDiff(a.shared!, b.shared!) < 1e-3);
    const targets = [
      [0, 1, 2, 3, 4, 5, 6, 7, 0],
      [7, 6, 5, 4, 3, 2, 1, 0, 7],
      [3, 3, 3, 3, 3, 3, 3, 3, 3],
    ];
    const ga = await onnx.gradients(a.shared!, 3, targets);
    const gb = await tfjs.gradients(a.shared!, 3, targets);
    // A ReLU or max-pool whose inputs sit within float32 noise of zero or of each other can route the gradient
    // differently in the two engines (the gradient is discontinuous there): exact agreement is the rule, and
    // such a flip, more likely with the 96x96 input's larger maps, may move one branch's gradient by a few percent.
    const errors = ga.map((g, br) => {
      assert.ok(normOf(gb[br]) > 0, `branch ${br}: tfjs autograd gives a non-zero gradient`);
      return relativeError(g, gb[br]);
    });
    assert.ok(
      errors.every((e) => e < 3e-2),
      `ONNX backward graph vs tfjs autograd, relative errors ${errors}`,
    );
    assert.ok(errors.filter((e) => e < 1e-3).length >= 7, `most branches agree exactly: relative errors ${errors}`);
    const spread = Math.max(...a.logits) - Math.min(...a.logits);
    assert.ok(spread > 1e-2, 'random logits are not all equal');
    await onnx.dispose();
    await tfjs.dispose();
  });
}

test('a batch decodes to the same faces as single runs, in batch order', async () => {
  const engine = await createEngine(await loadWeights(writeRandomModel(5)), runtimeOf('onnx'));
  const input = randomInput(3, 11);
  const map = classMap(8);
  const batch = decodeFaces(await engine.run(input, 3, false), 3, map);
  const plane = 3 * 48 * 48;
  for (let i = 0; i < 3; i++) {
    const [single] = decodeFaces(await engine.run(input.subarray(i * plane, (i + 1) * plane), 1, false), 1, map);
    assert.ok(maxAbsDiff(batch[i].probabilities, single.probabilities) < 1e-5, `face ${i} probabilities`);
    assert.ok(
      Math.abs(batch[i].arousal - single.arousal) < 1e-5 && Math.abs(batch[i].valence - single.valence) < 1e-5,
      `face ${i} affect`,
    );
  }
  await engine.dispose();
});

test(
  'both engines reproduce the golden fixture through the production decode and Grad-CAM (6 faces in one batch)',
  { skip: NO_GOLDEN },
  async () => {
    const { tensors, input, n } = loadGolden();
    assert.ok(n > 1, 'the golden batch holds several faces');
    const logits = tensors.get('logits')!,
      affect = tensors.get('affect')!,
      cam = tensors.get('cam')!;
    const weights = await loadWeights(DEFAULT_MODEL_DIR);
    assert.equal(input.shape[2], weights.inputSize, "the golden input has the model's input side");
    const side = cam.shape[2];
    assert.equal(side, sharedSize(weights.inputSize), 'the golden maps are on the shared base output');
    const map = classMap(8);
    for (const name of ['onnx', 'tfjs'] as const) {
      const engine = await createEngine(weights, runtimeOf(name));
      const out = await engine.run(input.data, n, true);
      const faces = decodeFaces(out, n, map);
      assert.equal(faces.length, n);
      const maps = await explainFaces(
        engine,
        out,
        n,
        faces.map((f) => f.targets),
      );
      let camWorst = 0;
      faces.forEach((face, i) =>
        face.branches.forEach((branch, b) => {
          const row = Array.from({ length: 8 }, (_, c) => at(logits, i, b, c));
          assert.equal(
            face.targets[b],
            row.indexOf(Math.max(...row)),
            `${name}: face ${i} branch ${b} predicted class`,
          );
          assert.ok(
            Math.abs(branch.arousal - at(affect, i, b, 0)) < 1e-3 &&
              Math.abs(branch.valence - at(affect, i, b, 1)) < 1e-3,
            `${name}: face ${i} branch ${b} affect`,
          );
          const expSum = row.reduce((s, v) => s + Math.exp(v), 0);
          assert.ok(
            maxAbsDiff(
              branch.probabilities,
              row.map((v) => Math.exp(v) / expSum),
            ) < 1e-3,
            `${name}: face ${i} branch ${b} probabilities`,
          );
          assert.equal(maps[i][b].width, side);
          for (let p = 0; p < side * side; p++)
            camWorst = Math.max(camWorst, Math.abs(maps[i][b].data[p] - at(cam, i, b, Math.floor(p / side), p % side)));
        }),
      );
      assert.ok(camWorst < 1e-2, `${name}: Grad-CAM differs from PyTorch autograd by ${camWorst}`);
      await engine.dispose();
    }
  },
);

const validImages = join(SHARED, 'data', 'fer', 'valid.u8');
test(
  'the production input step reproduces the golden input from the FER+ images',
  { skip: NO_GOLDEN || (existsSync(validImages) ? false : `${validImages} not present`) },
  async () => {
    const { input, rows, split } = loadGolden();
    assert.equal(split, 'valid');
    const images = readFileSync(validImages);
    const weights = await loadWeights(DEFAULT_MODEL_DIR);
    const built = toNetworkInput(
      rows.map((r) => images.subarray(r * 48 * 48, (r + 1) * 48 * 48)),
      weights.inputSize,
    );
    const d = maxAbsDiff(built, input.data);
    assert.ok(d < 1e-5, `input differs from the training pipeline's by ${d}`);
  },
);
