import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../src/esr9/create-engine.js';
import { loadWeights } from '../../src/esr9/weights.js';
import { createRecognizer } from '../../src/index.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import { SHARED } from '../helpers/fixtures.js';
import { ensembleLabels, loadMajorityValid, NO_FER_VALID } from '../helpers/ferplus.js';

const metricsPath = join(DEFAULT_MODEL_DIR, 'metrics.json');
const noModel = existsSync(metricsPath) ? false : 'models/esr9/metrics.json not present';

test(
  "the TypeScript port matches the training pipeline's accuracy on the first FER+ valid images",
  { skip: NO_FER_VALID || noModel },
  async () => {
    const metrics = JSON.parse(readFileSync(metricsPath, 'utf8'));
    const head = metrics.valid_head as { n: number; ensemble_accuracy: number };
    const { faces, labels } = loadMajorityValid(head.n);
    const engine = await createEngine(
      await loadWeights(DEFAULT_MODEL_DIR),
      resolveRuntime(resolveOptions({ precision: 'fp32' })),
    );
    const predicted = await ensembleLabels(engine, faces);
    await engine.dispose();
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / labels.length;
    assert.ok(
      Math.abs(accuracy - head.ensemble_accuracy) <= 0.01,
      `TypeScript ${accuracy} vs PyTorch ${head.ensemble_accuracy} on ${labels.length} images`,
    );
  },
);

test(
  'every face in the multi-face sample is found and recognised',
  { skip: existsSync(join(SHARED, 'media', 'multi_face.jpg')) ? noModel : 'multi_face.jpg not present' },
  async () => {
    const fer = await createRecognizer();
    const r = await fer.recognize(join(SHARED, 'media', 'multi_face.jpg'));
    assert.equal(r.faces.length, 5);
    const xs = r.faces.map((f) => f.box.x);
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
    );
    await fer.dispose();
  },
);
