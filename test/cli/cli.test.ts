import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFerOptions } from '../../src/cli/commands/common-options.js';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/index.js';
import { ASTRONAUT, classFolders, ROOT, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { waitFor } from '../helpers/wait-for.js';

const modelDir = writeRandomModel(4);

test('usage errors exit 2; missing model exits 5; unwritable output exits 7', async () => {
  assert.equal((await fer('image')).code, 2);
  assert.equal((await fer('image', '-i', ASTRONAUT, '--classes', '9')).code, 2);
  assert.equal((await fer('image', '-i', ASTRONAUT, '--min-confidence', 'high')).code, 2);
  assert.equal((await fer('image', '-i', ASTRONAUT, '--model-dir', tempDir())).code, 5);
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const r = await fer('image', '-i', ASTRONAUT, '--model-dir', modelDir, '-o', join(file, 'sub'));
  assert.equal(r.code, 7, r.err);
  assert.match(r.err, /cannot write to output folder/);
});

const cudaLib = join(
  ROOT,
  'node_modules',
  'onnxruntime-node',
  'bin',
  'napi-v6',
  'linux',
  'x64',
  'libonnxruntime_providers_cuda.so',
);
const cudaSkip =
  process.platform !== 'linux'
    ? 'the CUDA pre-check message is Linux-specific'
    : existsSync(cudaLib)
      ? 'this machine has the onnxruntime CUDA provider, so -c does not fail here'
      : false;

test('-c without the CUDA provider exits 6 with a clear message', { skip: cudaSkip }, async () => {
  const gpu = await fer('image', '-i', ASTRONAUT, '-c', '--model-dir', modelDir);
  assert.equal(gpu.code, 6, gpu.err);
  assert.match(gpu.err, /cannot use CUDA|no usable GPU/);
});

test("help shows the defaults that src/options.ts owns; --version is package.json's", async () => {
  const help = await fer('image', '--help');
  assert.equal(help.code, 0);
  const text = help.out.replace(/\s+/g, ' ');
  assert.ok(text.includes(`(default: ${DEFAULTS.maxPixels})`), help.out);
  assert.ok(text.includes(`confidence (default: ${DEFAULTS.minConfidence})`), help.out);
  assert.match(text, new RegExp(`--threads <n> .*? \\(default: ${DEFAULTS.threads}\\)`), help.out);
  const version = await fer('--version');
  assert.equal(version.out.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

test('--threads is parsed, passed to the library options and accepted by the engine', async () => {
  assert.equal(toFerOptions({ threads: 3 }, false).threads, 3);
  const r = await fer('image', '-i', ASTRONAUT, '--json', '--threads', '1', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).faces.length, 1);
});

test('fer image -b -g -o writes the annotated PNG, CSV and JSON; --json prints one document', async () => {
  const out = tempDir();
  const r = await fer('image', '-i', ASTRONAUT, '-b', '-g', '-o', out, '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /astronaut\.png \(512x512\): 1 face/);
  assert.match(r.out, /branch 9:/);
  for (const f of ['astronaut_fer.png', 'astronaut_fer.csv', 'astronaut_fer.json'])
    assert.ok(existsSync(join(out, f)), f);
  const csv = readFileSync(join(out, 'astronaut_fer.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 2);
  const saved = JSON.parse(readFileSync(join(out, 'astronaut_fer.json'), 'utf8'));
  assert.equal(saved.faces[0].branches[0].gradCam.data.length, 64);
  const j = await fer('image', '-i', ASTRONAUT, '--json', '--model-dir', modelDir);
  const doc = JSON.parse(j.out);
  assert.equal(doc.faces.length, 1);
  assert.equal(doc.faces[0].emotion, saved.faces[0].emotion);
});

test('a folder keeps going past unreadable files, reports them and exits 8', async () => {
  const dir = tempDir();
  copyFileSync(ASTRONAUT, join(dir, 'a.png'));
  writeFileSync(join(dir, 'b.jpg'), 'broken');
  copyFileSync(ASTRONAUT, join(dir, 'c.png'));
  const out = tempDir();
  const r = await fer('image', '-i', dir, '-o', out, '--model-dir', modelDir);
  assert.equal(r.code, 8, r.err);
  assert.match(r.err, /skipped .*b\.jpg: unsupported image format/);
  assert.match(r.err, /1 of 3 images could not be read/);
  const csv = readFileSync(join(out, 'fer.csv'), 'utf8').trim().split('\n');
  assert.deepEqual(
    csv.slice(1).map((l) => l.split(',')[0]),
    ['a.png', 'c.png'],
  );
  assert.ok(existsSync(join(out, 'a_fer.png')) && existsSync(join(out, 'c_fer.png')));
  assert.equal(JSON.parse(readFileSync(join(out, 'fer.json'), 'utf8')).failed.length, 1);
});

test('fer eval --json scores class folders and reports classes the model lacks', async () => {
  const dir = classFolders({ happy: 2, Anger: 1, contempt: 1 });
  mkdirSync(join(dir, 'misc'));
  copyFileSync(ASTRONAUT, join(dir, 'misc', 'x.png'));
  const r = await fer('eval', dir, '--json', '--detector', 'none', '--classes', '7', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  const rep = JSON.parse(r.out);
  assert.equal(rep.n, 3);
  assert.equal(rep.noFace, 0);
  assert.equal(rep.labels.length, 7);
  assert.equal(
    rep.confusion.flat().reduce((a: number, b: number) => a + b),
    3,
  );
  assert.equal(
    rep.confusion[rep.labels.indexOf('Happy')].reduce((a: number, b: number) => a + b),
    2,
  );
  assert.deepEqual(rep.skipped, { contempt: 1, misc: 1 });
  const text = await fer('eval', dir, '--detector', 'none', '--classes', '7', '--model-dir', modelDir);
  assert.match(text.out, /not scored: 1 images in "contempt"/);
});

test('fer eval -o writes the report, the confusion matrix and the recall chart beside it', async () => {
  const dir = classFolders({ happy: 2, sad: 1 });
  const out = join(tempDir('fer-eval-out-'), 'charts');
  const r = await fer('eval', dir, '--detector', 'none', '-o', out, '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /wrote eval\.json, confusion\.png and recall\.png/);
  const report = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
  assert.equal(report.n, 3);
  assert.equal(report.scored[report.labels.indexOf('Happy')], 2);
  for (const png of ['confusion.png', 'recall.png']) {
    assert.deepEqual(
      [...readFileSync(join(out, png)).subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''),
      'PNG',
      png,
    );
  }
  assert.deepEqual(
    readdirSync(out).filter((f) => f.startsWith('.')),
    [],
    'no temporary or lock files are left',
  );
});

test('-d --port serves the annotated image on 127.0.0.1', async () => {
  let err = '';
  const done = main(['node', 'fer', 'image', '-i', ASTRONAUT, '-d', '--port', '0', '--model-dir', modelDir], {
    out: () => undefined,
    err: (t) => (err += t),
    isTTY: false,
  });
  const printed = /http:\/\/127\.0\.0\.1:\d+\//;
  const url = printed.exec(
    await waitFor(() => err, { what: 'fer image -d to print its URL on stderr', until: (text) => printed.test(text) }),
  )![0];
  const page = await (await fetch(url)).text();
  assert.match(page, /<img src="\/0\.png"/);
  const png = Buffer.from(await (await fetch(url + '0.png')).arrayBuffer());
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  process.emit('SIGINT');
  assert.equal(await done, 0);
});

test('the installed bin exits with the code and prints no stack trace', async () => {
  const r = await spawnFer(['image', '-i', 'no-such.jpg'], { cache: true }).exitWithin(60_000);
  assert.equal(r.code, 3);
  assert.equal(r.err, 'fer: input not found: no-such.jpg\n  hint: check the path\n');
});
