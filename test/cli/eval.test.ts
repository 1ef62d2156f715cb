import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { ASTRONAUT, classFolders, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';

const modelDir = writeRandomModel(5);

test('fer eval -o checks the output folder before evaluating: a file as -o fails with nothing evaluated (24-10)', async () => {
  const dir = classFolders({ happy: 2 });
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const r = await fer('eval', dir, '--detector', 'none', '-o', file, '--model-dir', modelDir);
  assert.equal(r.code, 7, r.err);
  assert.match(r.err, /^fer: cannot write to output folder: .*a-file/);
  assert.equal(r.out, '', 'no report was computed and printed before the failure');
});

test('fer eval follows a linked class folder and lists images in nested sub-folders as not scored (24-11)', async () => {
  const dir = classFolders({ sad: 1 });
  const elsewhere = classFolders({ faces: 2 });
  symlinkSync(join(elsewhere, 'faces'), join(dir, 'happy'));
  mkdirSync(join(dir, 'sad', 'extra'));
  copyFileSync(ASTRONAUT, join(dir, 'sad', 'extra', 'x.png'));
  copyFileSync(ASTRONAUT, join(dir, 'loose.png'));
  const r = await fer('eval', dir, '--json', '--detector', 'none', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  const rep = JSON.parse(r.out);
  assert.equal(rep.n, 3, 'one sad image and the two images of the linked happy folder');
  assert.equal(rep.scored[rep.labels.indexOf('Happy')], 2);
  assert.deepEqual(rep.outsideClassFolders, { '.': 1, 'sad/extra': 1 });
  const text = await fer('eval', dir, '--detector', 'none', '--model-dir', modelDir);
  assert.match(text.out, /not scored: 1 images in "sad\/extra" \(a sub-folder of a class folder\)/);
  assert.match(text.out, /not scored: 1 images in "\." \(not in a class folder\)/);
});

test('fer eval hints at --detector none when most images have no face found, and its terminal and eval.json count face-less images as misses', async () => {
  const dir = tempDir('fer-eval-blank-');
  mkdirSync(join(dir, 'neutral'));
  mkdirSync(join(dir, 'happy'));
  const blank = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  for (const name of ['a.png', 'b.png']) writeFileSync(join(dir, 'neutral', name), blank);
  copyFileSync(ASTRONAUT, join(dir, 'happy', 'a.png'));
  const out = join(tempDir(), 'charts');
  const r = await fer('eval', dir, '-o', out, '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /no face found in [23] of 3 images\n {2}hint: pre-cropped faces\? use --detector none\n/);
  assert.match(r.out, /^ {2}Neutral +0\.0% of 2$/m, 'Neutral: two images, both missed');
  assert.match(r.out, /^ {2}Neutral( +\d+){8} +2$/m, 'the confusion matrix has a no-face column');
  assert.deepEqual(readdirSync(out).sort(), ['confusion.png', 'eval.json', 'recall.png']);
  const rep = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
  assert.equal(rep.perClass.Neutral, 0);
  assert.equal(rep.noFaceByClass[rep.labels.indexOf('Neutral')], 2);
  const faced = await fer('eval', dir, '--detector', 'none', '--model-dir', modelDir);
  assert.doesNotMatch(faced.err, /hint/, 'no hint when faces are found');
});

test('fer eval lists a dangling link in a class folder as unreadable and exits 8 (24-12)', async () => {
  const dir = classFolders({ happy: 1 });
  const gone = join(tempDir(), 'gone.png');
  copyFileSync(ASTRONAUT, gone);
  symlinkSync(gone, join(dir, 'happy', 'broken.png'));
  renameSync(gone, gone + '.moved');
  const r = await fer('eval', dir, '--detector', 'none', '--model-dir', modelDir);
  assert.equal(r.code, 8, r.err);
  assert.match(r.out, /unreadable: happy\/broken\.png: input is a broken link/);
});
