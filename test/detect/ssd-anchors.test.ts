import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorsForSize, ssdLevelSizes } from '../../src/detect/ssd-anchors.js';
import { floatValues, loadSsdWeights } from '../../src/detect/ssd-weights.js';

test("the predictor grids follow the input side with TensorFlow's same padding", () => {
  assert.deepEqual(ssdLevelSizes(512), [32, 16, 8, 4, 2, 1]);
  assert.deepEqual(ssdLevelSizes(384), [24, 12, 6, 3, 2, 1]);
  assert.deepEqual(ssdLevelSizes(320), [20, 10, 5, 3, 2, 1]);
});

test('anchors placed for 512 are exactly the anchors face-api ships; other sides keep their pixel sizes on the new grid', async () => {
  const shipped = floatValues((await loadSsdWeights()).get('Output/extra_dim')!);
  const same = anchorsForSize(shipped, 512);
  assert.equal(same.length, shipped.length);
  assert.ok(
    same.every((v, i) => Math.abs(v - shipped[i]) < 1e-5),
    'anchors at 512 differ from the shipped ones',
  );
  const small = anchorsForSize(shipped, 320);
  assert.equal(small.length / 4, 20 * 20 * 3 + (10 * 10 + 5 * 5 + 3 * 3 + 2 * 2 + 1) * 6);
  assert.ok(
    Math.abs((small[2] - small[0]) * 320 - (shipped[2] - shipped[0]) * 512) < 1e-3,
    'first anchor keeps its height in pixels',
  );
  assert.ok(
    Math.abs((small[0] + small[2]) / 2 - 0.5 / 20) < 1e-6,
    'first anchor centred on the first cell of the 20x20 grid',
  );
});
