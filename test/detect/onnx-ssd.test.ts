import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { type Detection, type Detector } from '../../src/detect/detector.js';
import { createDetector } from '../../src/detect/create-detector.js';
import { readImage } from '../../src/io/read-image.js';
import { iou } from '../../src/track/tracker.js';
import { resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import type { RawImage } from '../../src/types.js';
import { ASTRONAUT, ROOT, SHARED, tempDir } from '../helpers/fixtures.js';

const MEDIA = join(SHARED, 'media');
const sampleImages = existsSync(MEDIA)
  ? readdirSync(MEDIA)
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .map((f) => join(MEDIA, f))
  : [];

/** A detector of the given engine (and onnx precision) with a low threshold, so that weak faces are compared too. */
async function detectorFor(
  engine: 'onnx' | 'tfjs',
  precision: 'fp32' | 'int8' = 'fp32',
  detectorSize = 512,
): Promise<Detector> {
  const options = resolveOptions({
    engine,
    minConfidence: 0.3,
    precision: engine === 'onnx' ? precision : 'auto',
    detectorSize,
  });
  return createDetector(options, resolveRuntime(options));
}

/** Several copies of the astronaut's face, at different sizes, on a textured canvas of the given size. */
async function multiFace(
  width: number,
  height: number,
  faces: { x: number; y: number; side: number }[],
): Promise<RawImage> {
  const face = await sharp(ASTRONAUT).extract({ left: 150, top: 40, width: 150, height: 170 });
  const layers = await Promise.all(
    faces.map(async (f) => ({
      input: await face
        .clone()
        .resize(f.side, Math.round(f.side * 1.13))
        .png()
        .toBuffer(),
      left: f.x,
      top: f.y,
    })),
  );
  const noise = Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => 90 + ((i * 2654435761) >>> 27)));
  const { data, info } = await sharp(noise, { raw: { width, height, channels: 3 } })
    .composite(layers)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data) };
}

/** Assert both detectors found the same faces: matched one to one with IoU >= 0.95 and scores within 0.02. */
function assertSameFaces(name: string, ours: Detection[], reference: Detection[]): void {
  assert.equal(ours.length, reference.length, `${name}: ${ours.length} faces vs face-api's ${reference.length}`);
  for (const r of reference) {
    const best = ours.reduce((a, b) => (iou(b.box, r.box) > iou(a.box, r.box) ? b : a));
    assert.ok(
      iou(best.box, r.box) >= 0.95,
      `${name}: face at ${JSON.stringify(r.box)} matched with IoU ${iou(best.box, r.box)}`,
    );
    assert.ok(Math.abs(best.score - r.score) <= 0.02, `${name}: score ${best.score} vs face-api's ${r.score}`);
  }
}

test("the ONNX SSD finds the same faces as face-api's SsdMobilenetv1 (sample media and generated multi-face images)", async (t) => {
  const onnx = await detectorFor('onnx');
  const faceApi = await detectorFor('tfjs');
  const cases: [string, RawImage][] = [
    ['astronaut.png', await readImage(ASTRONAUT, 1e8)],
    [
      'four faces 640x400',
      await multiFace(640, 400, [
        { x: 20, y: 30, side: 110 },
        { x: 170, y: 120, side: 150 },
        { x: 360, y: 40, side: 90 },
        { x: 480, y: 180, side: 130 },
      ]),
    ],
    [
      'three faces 360x640 (portrait)',
      await multiFace(360, 640, [
        { x: 30, y: 20, side: 140 },
        { x: 200, y: 260, side: 120 },
        { x: 60, y: 430, side: 170 },
      ]),
    ],
    [
      'two faces 1000x300 (wide)',
      await multiFace(1000, 300, [
        { x: 100, y: 40, side: 180 },
        { x: 640, y: 60, side: 160 },
      ]),
    ],
  ];
  if (sampleImages.length === 0) t.diagnostic(`sample media not present (${MEDIA}): generated images only`);
  for (const path of sampleImages) cases.push([path.split('/').pop() as string, await readImage(path, 1e8)]);
  let faces = 0;
  for (const [name, image] of cases) {
    const reference = await faceApi.detect(image);
    assertSameFaces(name, await onnx.detect(image), reference);
    faces += reference.length;
  }
  assert.ok(faces >= 10, `only ${faces} faces compared`);
  onnx.dispose();
  faceApi.dispose();
});

/** The sample media and generated multi-face images every detector comparison runs on. */
async function comparisonImages(t: { diagnostic(m: string): void }): Promise<[string, RawImage][]> {
  const cases: [string, RawImage][] = [
    ['astronaut.png', await readImage(ASTRONAUT, 1e8)],
    [
      'four faces 640x400',
      await multiFace(640, 400, [
        { x: 20, y: 30, side: 110 },
        { x: 170, y: 120, side: 150 },
        { x: 360, y: 40, side: 90 },
        { x: 480, y: 180, side: 130 },
      ]),
    ],
    [
      'three faces 360x640 (portrait)',
      await multiFace(360, 640, [
        { x: 30, y: 20, side: 140 },
        { x: 200, y: 260, side: 120 },
        { x: 60, y: 430, side: 170 },
      ]),
    ],
  ];
  if (sampleImages.length === 0) t.diagnostic(`sample media not present (${MEDIA}): generated images only`);
  for (const path of sampleImages) cases.push([path.split('/').pop() as string, await readImage(path, 1e8)]);
  return cases;
}

test("the int8 SSD (opt-in) finds the fp32 SSD's faces: same count, box IoU >= 0.95 on the photos, >= 0.85 on generated images", async (t) => {
  const fp32 = await detectorFor('onnx', 'fp32');
  const int8 = await detectorFor('onnx', 'int8');
  let faces = 0;
  const worst = { photo: 1, generated: 1 };
  for (const [name, image] of await comparisonImages(t)) {
    const kind = /\.(png|jpe?g)$/.test(name) ? 'photo' : 'generated';
    const reference = await fp32.detect(image);
    const ours = await int8.detect(image);
    assert.equal(ours.length, reference.length, `${name}: int8 found ${ours.length} faces, fp32 ${reference.length}`);
    for (const r of reference) {
      const best = Math.max(...ours.map((o) => iou(o.box, r.box)));
      worst[kind] = Math.min(worst[kind], best);
      assert.ok(
        best >= (kind === 'photo' ? 0.95 : 0.85),
        `${name}: fp32 face at ${JSON.stringify(r.box)} matched with IoU ${best}`,
      );
    }
    faces += reference.length;
  }
  t.diagnostic(
    `${faces} faces, worst IoU ${worst.photo.toFixed(4)} on photos, ${worst.generated.toFixed(4)} on generated images`,
  );
  assert.ok(faces >= 8, `only ${faces} faces compared`);
  await Promise.all([fp32.dispose(), int8.dispose()]);
});

test('at 384 and 320 the SSD finds the faces it finds at 512, boxes shifted at most to IoU 0.6 (sample media and generated images)', async (t) => {
  const detector = await detectorFor('onnx');
  const smaller = new Map([
    [384, await detectorFor('onnx', 'fp32', 384)],
    [320, await detectorFor('onnx', 'fp32', 320)],
  ]);
  for (const [name, image] of await comparisonImages(t)) {
    const reference = await detector.detect(image);
    for (const [side, small] of smaller) {
      const ours = await small.detect(image);
      for (const r of reference.filter((f) => f.score >= 0.6)) {
        const best = Math.max(0, ...ours.map((o) => iou(o.box, r.box)));
        assert.ok(
          best >= 0.6,
          `${name} at ${side}: the face at ${JSON.stringify(r.box)} (score ${r.score}) matched with IoU ${best}`,
        );
      }
    }
  }
  await Promise.all([detector, ...smaller.values()].map((d) => d.dispose()));
});

test('concurrent detections (the video pipeline keeps several in flight) equal one-at-a-time ones', async () => {
  const detector = await detectorFor('onnx');
  const images = [
    await readImage(ASTRONAUT, 1e8),
    await multiFace(640, 400, [
      { x: 40, y: 60, side: 120 },
      { x: 400, y: 100, side: 140 },
    ]),
    await multiFace(360, 640, [{ x: 100, y: 300, side: 150 }]),
  ];
  const together = await Promise.all(images.map((image) => detector.detect(image)));
  const alone = [];
  for (const image of images) alone.push(await detector.detect(image));
  assert.deepEqual(together, alone);
  assert.deepEqual(
    alone.map((faces) => faces.length),
    [1, 2, 1],
  );
  detector.dispose();
});

test('the default pipeline never loads TensorFlow.js or WebAssembly (checked in a fresh process)', () => {
  const script = `
    import { createRequire } from 'node:module';
    const { createRecognizer } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'index.js'))});
    const fer = await createRecognizer();
    const { faces } = await fer.recognize(${JSON.stringify(ASTRONAUT)});
    await fer.dispose();
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /tfjs|face-api|\\.wasm/.test(k));
    console.log(JSON.stringify({ faces: faces.length, loaded }));`;
  const dir = tempDir('fer-ssd-');
  writeFileSync(join(dir, 'probe.mjs'), script);
  const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'probe.mjs')], { encoding: 'utf8' }));
  rmSync(dir, { recursive: true, force: true });
  assert.equal(out.faces, 1);
  assert.deepEqual(out.loaded, []);
});
