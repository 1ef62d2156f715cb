import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawAffectPlot } from '../../src/render/draw-plot.js';
import { loadCanvas } from '../../src/render/load-canvas.js';
import { recordDraws } from '../helpers/record-draws.js';

test('the A/V plot has a y-axis scale: +1, 0, -1 top to bottom, +1 level with a curve at +1 and -1 with one at -1', async () => {
  const { createCanvas } = await loadCanvas();
  const canvas = createCanvas(400, 200);
  const ctx = canvas.getContext('2d');
  const points = [0, 1, 2].map((time) => ({ time, arousal: 1, valence: -1 }));
  const { texts } = await recordDraws(async () => drawAffectPlot(ctx, points, { x: 0, y: 0, width: 400, height: 200 }));
  const tick = (label: string) => {
    const t = texts.find((d) => d.text === label);
    assert.ok(t, `tick label ${label} drawn`);
    assert.ok(t.x >= 0 && t.y >= 0 && t.x + t.width <= 400 && t.y + t.height <= 200, `${label} inside the plot`);
    return t;
  };
  const [plus, zero, minus] = [tick('+1'), tick('0'), tick('-1')];
  assert.ok(plus.y < zero.y && zero.y < minus.y, 'ticks run +1, 0, -1 from top to bottom');
  const pixel = (y: number): number[] => Array.from(ctx.getImageData(300, Math.round(y), 1, 1).data.subarray(0, 3));
  const near = (a: number[], b: number[]): boolean => a.every((v, i) => Math.abs(v - b[i]) < 40);
  assert.ok(
    near(pixel(plus.y + plus.height / 2), [0xff, 0xa7, 0x26]),
    `arousal +1 drawn level with the +1 tick, got ${pixel(plus.y + plus.height / 2)}`,
  );
  assert.ok(
    near(pixel(minus.y + minus.height / 2), [0x4d, 0xd0, 0xe1]),
    `valence -1 drawn level with the -1 tick, got ${pixel(minus.y + minus.height / 2)}`,
  );
});
