import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FONT_FAMILY } from '../../src/render/fonts.js';
import { loadCanvas } from '../../src/render/load-canvas.js';

test('loadCanvas loads @napi-rs/canvas once, with the bundled DejaVu Sans registered under its own family, regular and bold', async () => {
  const [first, second] = await Promise.all([loadCanvas(), loadCanvas()]);
  assert.equal(first, second, 'one module for every caller');
  const family = first.GlobalFonts.families.find((f) => f.family === FONT_FAMILY);
  assert.ok(family, `${FONT_FAMILY} is among ${first.GlobalFonts.families.length} families`);
  assert.deepEqual(family.styles.map((s) => s.weight).sort(), [400, 700]);
});
