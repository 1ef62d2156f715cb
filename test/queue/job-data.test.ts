import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/index.js';
import { expandInputs } from '../../src/queue/expand-inputs.js';
import { createJobData, validateJobData } from '../../src/queue/job-data.js';
import { deriveJobId } from '../../src/queue/job-id.js';
import { tempDir } from '../helpers/fixtures.js';

const good = createJobData(
  { kind: 'video', input: '/data/a.mp4', output: '/data/out' },
  { fps: 5, fer: { classes: 7 } },
);

/** Assert that validating `raw` throws INVALID_OPTION with a message matching `pattern`. */
function rejects(raw: unknown, pattern: RegExp): void {
  assert.throws(
    () => validateJobData(raw),
    (e: unknown) => e instanceof FerError && e.code === 'INVALID_OPTION' && pattern.test(e.message),
  );
}

test('job data is plain JSON, validated field by field, options through resolveOptions()', () => {
  assert.deepEqual(validateJobData(JSON.parse(JSON.stringify(good))), good);
  assert.equal(good.options.classes, 7);
  assert.equal(good.options.detector, 'ssd', 'defaults are filled in');
  assert.equal('modelDir' in good.options, false, "the model folder stays each worker's own unless given");
  assert.equal(good.detectEvery, 3, 'the default detectEvery is filled in');
  assert.equal(
    createJobData({ kind: 'video', input: '/data/a.mp4', output: '/data/out' }, { detectEvery: 5 }).detectEvery,
    5,
  );
  const { detectEvery: _, ...queuedBefore } = good;
  assert.equal(
    validateJobData(queuedBefore).detectEvery,
    1,
    'a job queued before detectEvery existed detects every frame, as fer did then',
  );
  const { gradCam: __, ...optionsBefore } = good.options;
  assert.equal(
    validateJobData({ ...good, gradCam: true, options: optionsBefore }).options.gradCam,
    true,
    'a job queued with gradCam beside the options keeps it',
  );
  rejects({ ...good, gradCam: 'yes', options: optionsBefore }, /invalid gradCam: "yes"/);
  rejects(null, /JSON object/);
  rejects([good], /JSON object/);
  rejects({ ...good, command: 'rm -rf /' }, /unknown field "command"/);
  rejects(JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(good).slice(1)}`), /unknown field "__proto__"/);
  rejects({ ...good, input: 'relative/a.mp4' }, /input must be an absolute path/);
  rejects({ ...good, input: '/data/a\0.mp4' }, /input must be an absolute path/);
  rejects({ ...good, output: 42 }, /output must be an absolute path/);
  rejects({ ...good, kind: 'audio' }, /kind must be/);
  rejects({ ...good, fps: -1 }, /invalid fps: -1 \(expected a number >= 0/);
  rejects({ ...good, detectEvery: 0 }, /invalid detectEvery: 0 \(expected an integer >= 1/);
  rejects({ ...good, detectEvery: '2' }, /invalid detectEvery: "2"/);
  rejects({ ...good, size: 4 }, /invalid size: 4 \(expected 1, 2, 3 or null\)/);
  rejects({ ...good, options: { ...good.options, gradCam: 'yes' } }, /invalid gradCam: "yes"/);
  rejects({ ...good, gradCam: true }, /gradCam given twice/);
  rejects({ ...good, fps: Number.NaN }, /invalid fps: NaN/);
  rejects({ ...good, options: { ...good.options, eval: 'x' } }, /unknown option "eval"/);
  rejects(
    { ...good, options: { ...good.options, classes: { valueOf: 7 } } },
    /option classes must be a string, number or boolean/,
  );
  assert.throws(
    () => validateJobData({ ...good, options: { classes: 5 } }),
    /invalid classes: 5 \(expected 8, 7 or 6\)/,
  );
  assert.throws(
    () => validateJobData({ ...good, options: { modelDir: 'models' } }),
    /modelDir must be an absolute path/,
  );
});

test('the job id follows the file (path, size, mtime) and every option, and nothing else', () => {
  const file = { size: 1000, mtimeMs: 1.7e12 };
  const id = deriveJobId(good, file);
  assert.match(id, /^fer-[0-9a-f]{40}$/);
  assert.equal(deriveJobId(validateJobData(JSON.parse(JSON.stringify(good))), { ...file }), id);
  const explicitDefaults = createJobData(
    { kind: 'video', input: '/data/a.mp4', output: '/data/out' },
    { fps: 5, fer: { classes: 7, engine: 'onnx', minConfidence: 0.5, detector: 'ssd' } },
  );
  assert.equal(deriveJobId(explicitDefaults, file), id, 'defaults spelled out are the same work');
  const others = [
    deriveJobId(good, { ...file, size: 1001 }),
    deriveJobId(good, { ...file, mtimeMs: file.mtimeMs + 1 }),
    deriveJobId({ ...good, input: '/data/b.mp4' }, file),
    deriveJobId({ ...good, output: '/data/out2' }, file),
    deriveJobId({ ...good, fps: 2 }, file),
    deriveJobId({ ...good, detectEvery: 1 }, file),
    deriveJobId({ ...good, options: { ...good.options, gradCam: true } }, file),
  ];
  assert.equal(new Set([id, ...others]).size, 8);
});

test('folders are scanned recursively into mirrored output folders; clashes and missing paths are errors', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'in', 'day2'), { recursive: true });
  mkdirSync(join(root, 'in', '.cache'));
  for (const f of ['in/a.mp4', 'in/b.PNG', 'in/notes.txt', 'in/day2/a.mov', 'in/.cache/c.mp4', 'in/out/old_fer.mp4']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'x');
  }
  const out = join(root, 'in', 'out');
  const targets = await expandInputs([join(root, 'in')], out);
  assert.deepEqual(
    targets.map((t) => [t.kind, t.input.slice(root.length), t.output.slice(root.length)]),
    [
      ['video', '/in/a.mp4', '/in/out'],
      ['image', '/in/b.PNG', '/in/out'],
      ['video', '/in/day2/a.mov', '/in/out/day2'],
    ],
  );
  assert.equal(targets[0].size, 1);
  await assert.rejects(
    expandInputs([join(root, 'in', 'a.mp4'), join(root, 'in', 'day2', 'a.mov')], out),
    /would both write .*\/a_fer\.\*/,
  );
  await assert.rejects(
    expandInputs([join(root, 'nope.mp4')], out),
    (e: unknown) => e instanceof FerError && e.code === 'INPUT_NOT_FOUND',
  );
  assert.equal(
    (await expandInputs([join(root, 'in', 'a.mp4'), join(root, 'in', 'a.mp4')], out)).length,
    1,
    'a file named twice is one job',
  );
});

test("gradCam lives among the job's recognizer options only; -g beside them (the CLI's output group) or among them is the same job", () => {
  const target = { kind: 'image' as const, input: '/data/a.png', output: '/data/out' };
  const beside = createJobData(target, { gradCam: true, fer: { gradCam: false } });
  const among = createJobData(target, { fer: { gradCam: true } });
  assert.deepEqual(beside, among);
  assert.equal(among.options.gradCam, true);
  assert.equal('gradCam' in among, false, 'not beside the options');
  assert.equal(createJobData(target, {}).options.gradCam, false);
  const file = { size: 1, mtimeMs: 1 };
  assert.notEqual(deriveJobId(among, file), deriveJobId(createJobData(target, {}), file));
});
