import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import sharp from 'sharp';
import { writeRandomModel } from '../helpers/random-weights.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { faceClip } from '../helpers/videos.js';

const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

test('the -d live viewer shows annotated frames arriving in headless Chromium', { skip: chromium ? false : 'no Chromium installed (apt-get install chromium, or set CHROMIUM_PATH)' }, async () => {
  const { chromium: pw } = await import('playwright-core');
  const clip = faceClip(60, 10);
  const run = spawnFer(['webcam', '--input', clip, '-f', '2', '-d', '--port', '0', '-b', '--model-dir', writeRandomModel(8)], { cache: true });
  const [url] = await run.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\//).catch((e: unknown) => {
    run.child.kill('SIGKILL');
    throw e;
  });
  const browser = await pw.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) >= 3, undefined, { timeout: 120_000 });
    const status = await page.textContent('#status');
    assert.match(status ?? '', /^frame \d+ at [\d.]+ s, 1 face/);
    assert.match((await page.textContent('#faces')) ?? '', /face 1: \w+/);
    const size = await page.$eval('#frame', (img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
    assert.ok(size[0] > 480 && size[1] >= 360, `frame size ${size}`);
    const shot = await page.locator('#frame').screenshot();
    const stats = await sharp(shot).stats();
    assert.ok(stats.channels[0].stdev > 20, 'the frame is a real picture, not blank');
  } finally {
    await browser.close();
    run.child.kill('SIGINT');
    assert.equal((await run.exitWithin(60_000)).code, 130, run.err());
  }
});
