import assert from 'node:assert/strict';
import { test } from 'node:test';
import { font, FONT_FAMILY } from '../../src/render/fonts.js';
import { loadCanvas } from '../../src/render/load-canvas.js';

test('font() names the bundled family', () => {
  assert.equal(font(12, true), `bold 12px "${FONT_FAMILY}", sans-serif`);
  assert.equal(font(9), `9px "${FONT_FAMILY}", sans-serif`);
});

test('labels are drawn in the bundled font: bold is wider than regular and glyphs cover pixels', async () => {
  const { createCanvas } = await loadCanvas();
  const ctx = createCanvas(400, 60).getContext('2d');
  ctx.font = font(32);
  const regular = ctx.measureText('Happy 97%').width;
  ctx.font = font(32, true);
  const bold = ctx.measureText('Happy 97%').width;
  assert.ok(bold > regular * 1.05, `bold ${bold.toFixed(1)} vs regular ${regular.toFixed(1)}`);
  ctx.fillStyle = '#fff';
  ctx.fillText('Happy 97%', 4, 44);
  const data = ctx.getImageData(0, 0, 400, 60).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 128) inked += 1;
  assert.ok(inked > 500, `${inked} pixels inked`);
});
