import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  analyseVideo,
  createRecognizer,
  evaluateFolder,
  FerError,
  readImage,
  type Recognizer,
} from '../../src/index.js';
import { ASTRONAUT, classFolders } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';

const modelDir = writeRandomModel(18);

/** Whether an error is a FerError with this code (for assert.rejects / assert.throws). */
const ferError =
  (code: string) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof FerError, `not a FerError: ${(e as Error)?.stack ?? e}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.hint, 'with a hint');
    return true;
  };

const badOptions: [string, unknown][] = [
  ['a string', 'str'],
  ['a number', 42],
  ['null', null],
  ['an array', [{ gradCam: true }]],
  ['an unknown option', { unknownOpt: 1 }],
  ['a misspelt option', { gradcam: true }],
  ['a string where a boolean goes', { gradCam: 'yes' }],
  ['a number where a path goes', { modelDir: 5 }],
];

for (const [name, options] of badOptions) {
  test(`createRecognizer() with ${name} is an INVALID_OPTION FerError`, async () => {
    await assert.rejects(createRecognizer(options as never), ferError('INVALID_OPTION'));
  });
}

const badImages: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['an empty object', {}],
  ['an empty path', ''],
  ['an array', [1, 2, 3]],
  ['a boolean', true],
  ['raw pixels with an array as data', { width: 1, height: 1, channels: 3, data: [0, 0, 0] }],
];

let shared: Recognizer | null = null;
for (const [name, image] of badImages) {
  test(`recognize() with ${name} is an INPUT_UNSUPPORTED FerError`, async () => {
    shared ??= await createRecognizer({ modelDir, detector: 'none' });
    await assert.rejects(shared.recognize(image as never), ferError('INPUT_UNSUPPORTED'));
  });
}

test('a Buffer of an encoded image and raw RGBA pixels are accepted', async () => {
  shared ??= await createRecognizer({ modelDir, detector: 'none' });
  assert.equal((await shared.recognize(readFileSync(ASTRONAUT))).faces.length, 1);
  assert.equal(
    (await shared.recognize({ width: 2, height: 2, channels: 4, data: new Uint8Array(16) })).faces.length,
    1,
  );
  await shared.dispose();
});

for (const detector of ['none', 'ssd'] as const) {
  test(`disposing while recognize() runs (detector ${detector}) settles every call with a result or a DISPOSED FerError`, async () => {
    const fer = await createRecognizer({ modelDir, detector });
    const calls = Array.from({ length: 4 }, () => fer.recognize(ASTRONAUT));
    const settled = Promise.allSettled(calls);
    await Promise.race(calls).catch(() => undefined); // one call is done: the others are queued or running
    await fer.dispose();
    for (const s of await settled) if (s.status === 'rejected') ferError('DISPOSED')(s.reason);
    await assert.rejects(fer.recognize(ASTRONAUT), ferError('DISPOSED'));
  });
}

test("classify() started in the same tick as dispose() rejects with a DISPOSED FerError, not ONNX Runtime's error", async () => {
  const fer = await createRecognizer({ modelDir, detector: 'none' });
  const raw = await readImage(ASTRONAUT, fer.options.maxPixels);
  const detections = await fer.detect(raw);
  const classifying = fer.classify(raw, detections);
  const disposing = fer.dispose();
  await assert.rejects(classifying, ferError('DISPOSED'));
  await disposing;
});

test('evaluateFolder() with a disposed recognizer rejects with DISPOSED (it reported accuracy 0 with every image failed)', async () => {
  const fer = await createRecognizer({ modelDir, detector: 'none' });
  await fer.dispose();
  await assert.rejects(evaluateFolder(classFolders({ happy: 2 }), fer), ferError('DISPOSED'));
});

test('analyseVideo() checks fps and detectEvery before probing, printing what it got (Infinity, NaN, strings)', async () => {
  const fer = await createRecognizer({ modelDir, detector: 'none' });
  const rows: [Record<string, unknown>, string][] = [
    [{ fps: -5 }, 'invalid fps: -5'],
    [{ fps: Number.NaN }, 'invalid fps: NaN'],
    [{ fps: 'abc' }, 'invalid fps: "abc"'],
    [{ detectEvery: Number.POSITIVE_INFINITY }, 'invalid detectEvery: Infinity'],
  ];
  for (const [options, message] of rows) {
    await assert.rejects(
      analyseVideo(fer, { input: '/nonexistent/clip.mp4', ...options }),
      (e: unknown) => ferError('INVALID_OPTION')(e) && (e as Error).message.includes(message),
    );
  }
  await fer.dispose();
});

test('raw pixels with 1 or 2 channels are refused for their channels, not their size', async () => {
  const fer = await createRecognizer({ modelDir, detector: 'none' });
  for (const channels of [1, 2]) {
    const image = { width: 2, height: 2, channels, data: new Uint8Array(4 * channels) };
    await assert.rejects(
      fer.recognize(image as never),
      (e: unknown) =>
        ferError('INPUT_UNSUPPORTED')(e) && (e as Error).message.includes(`channels must be 3 or 4, got ${channels}`),
    );
  }
  await fer.dispose();
});
