import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import sharp from 'sharp';
import { startLiveViewer } from '../../../src/cli/viewer/live-viewer.js';
import { writeRandomModel } from '../../helpers/random-weights.js';
import { type FerProcess, spawnFer } from '../../helpers/spawn-fer.js';
import { faceClip } from '../../helpers/videos.js';

const chromium =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const skip = chromium ? false : 'no Chromium installed (apt-get install chromium, or set CHROMIUM_PATH)';

/** Headless Chromium through playwright-core. */
async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium: pw } = await import('playwright-core');
  return pw.launch({
    executablePath: chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Start `fer ARGS` (through spawnFer) and resolve with it and the page URL once it prints it; killed if it never does. */
async function startFerPage(args: string[]): Promise<{ run: FerProcess; url: string }> {
  const run = spawnFer(args, { cache: true });
  const [url] = await run.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\//).catch((e: unknown) => {
    run.child.kill('SIGKILL');
    throw e;
  });
  return { run, url };
}

test('the -d live viewer shows annotated frames arriving in headless Chromium', { skip }, async () => {
  const clip = faceClip(60, 10);
  const { run, url } = await startFerPage([
    'webcam',
    '--input',
    clip,
    '-f',
    '2',
    '-d',
    '--port',
    '0',
    '-b',
    '--model-dir',
    writeRandomModel(8),
  ]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) >= 3, undefined, { timeout: 120_000 });
    const status = await page.textContent('#status');
    assert.match(status ?? '', /^frame \d+ at [\d.]+ s, 1 face/);
    assert.match((await page.textContent('#faces')) ?? '', /face 1: \w+/);
    const size = await page.$eval('#frame', (img) => [
      (img as HTMLImageElement).naturalWidth,
      (img as HTMLImageElement).naturalHeight,
    ]);
    assert.ok(size[0] > 480 && size[1] >= 360, `frame size ${size}`);
    // Looked up and measured in one step: between the two steps of $eval the page may swap in the next frame, leaving a detached (0 x 0) element.
    const clip = await page.evaluate(() => {
      const r = document.getElementById('frame')!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    const shot = await page.screenshot({ clip }); // the page swaps the element for each frame, so no element screenshot
    const stats = await sharp(shot).stats();
    assert.ok(stats.channels[0].stdev > 20, 'the frame is a real picture, not blank');
  } finally {
    await browser.close();
    run.child.kill('SIGINT');
    assert.equal((await run.exitWithin(60_000)).code, 130, run.err());
  }
});

test(
  '-d: after a video ends the page stays, says "finished" and keeps the last frame until Ctrl+C',
  { skip, timeout: 180_000 },
  async () => {
    const clip = faceClip(2, 5);
    const { run, url } = await startFerPage([
      'video',
      '-i',
      clip,
      '-d',
      '--port',
      '0',
      '--model-dir',
      writeRandomModel(8),
    ]);
    let exited = false;
    void run.exited.then(() => (exited = true));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.body.dataset.finished === 'true', undefined, { timeout: 120_000 });
      assert.match((await page.textContent('#status')) ?? '', /^frame \d+ at [\d.]+ s, 1 face\(s\) \(finished\)$/);
      assert.ok(!exited, 'fer still serves the page after the input ended');
      await page.reload();
      await page.waitForFunction(
        () => document.body.dataset.finished === 'true' && Number(document.body.dataset.frames) > 0,
        undefined,
        { timeout: 30_000 },
      );
      assert.ok(
        await page.$eval('#frame', (img) => (img as HTMLImageElement).naturalWidth > 0),
        'a page opened after the end shows the last frame',
      );
      await run.waitForOutput(/input finished: the page stays at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl\+C to stop\)/);
    } finally {
      await browser.close();
      run.child.kill('SIGINT');
    }
    assert.equal(
      (await run.exitWithin(60_000)).code,
      0,
      'Ctrl+C after a finished run closes the page; the run itself succeeded',
    );
  },
);

test(
  'the live page shows status and picture of the same frame, and signed arousal/valence bars',
  { skip, timeout: 120_000 },
  async () => {
    const viewer = await startLiveViewer(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(viewer.url);
      await page.evaluate(() => {
        const w = window as unknown as { pairs: [string, number][] };
        w.pairs = [];
        new MutationObserver(() =>
          w.pairs.push([
            document.getElementById('status')!.textContent ?? '',
            (document.getElementById('frame') as HTMLImageElement).naturalWidth,
          ]),
        ).observe(document.getElementById('status')!, { childList: true, characterData: true, subtree: true });
      });
      const frames = 24;
      for (let i = 0; i < frames; i++) {
        const noise = Buffer.from(
          Array.from({ length: (64 + 8 * i) * 480 * 3 }, (_, k) => (k * 7919 + i * 104729) % 251),
        );
        const jpeg = await sharp(noise, { raw: { width: 64 + 8 * i, height: 480, channels: 3 } })
          .jpeg({ quality: 95 })
          .toBuffer();
        viewer.push(jpeg, { frame: i, time: i / 10, faces: [{ id: 1, emotion: 'Sad', arousal: 0.5, valence: -0.6 }] });
        await new Promise((r) => setImmediate(r));
      }
      viewer.finish();
      await page.waitForFunction(() => document.body.dataset.finished === 'true', undefined, { timeout: 60_000 });
      const pairs = await page.evaluate(() => (window as unknown as { pairs: [string, number][] }).pairs);
      const shown = pairs
        .map(([status, width]) => [Number(/^frame (\d+)/.exec(status)?.[1]), width])
        .filter(([frame]) => frame > 0);
      assert.ok(shown.length > 0, 'the status changed');
      for (const [frame, width] of shown)
        assert.equal(width, 64 + 8 * (frame - 1), `status says frame ${frame}, the picture is ${width} px wide`);
      const box = async (selector: string): Promise<{ x: number; width: number }> =>
        (await page.locator(selector).boundingBox())!;
      const [valence, valenceFill, arousal, arousalFill] = [
        await box('.valence'),
        await box('.valence .fill'),
        await box('.arousal'),
        await box('.arousal .fill'),
      ];
      const centre = (b: { x: number; width: number }): number => b.x + b.width / 2;
      assert.ok(
        Math.abs(valenceFill.x + valenceFill.width - centre(valence)) <= 1,
        'a negative valence grows left from the centre',
      );
      assert.ok(Math.abs(valenceFill.width - (0.6 * valence.width) / 2) <= 1, 'as far as its size');
      assert.ok(Math.abs(arousalFill.x - centre(arousal)) <= 1, 'a positive arousal grows right from the centre');
      assert.match((await page.textContent('#faces')) ?? '', /valence \u22120\.60/);
    } finally {
      await browser.close();
      await viewer.end();
    }
  },
);
