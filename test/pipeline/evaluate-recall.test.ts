import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { createRecognizer, evaluateFolder } from '../../src/index.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';

/** A folder of class subfolders: `faces` copies of the sample face and `blank` images without a face in each. */
async function classFolder(spec: Record<string, { faces: number; blank: number }>): Promise<string> {
  const dir = tempDir('fer-recall-');
  const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  for (const [cls, { faces, blank: blanks }] of Object.entries(spec)) {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < faces; i++) copyFileSync(ASTRONAUT, join(dir, cls, `face${i}.png`));
    for (let i = 0; i < blanks; i++) await sharp(blank).toFile(join(dir, cls, `blank${i}.png`));
  }
  return dir;
}

test('fer eval: a class whose images all have no face gets recall 0; a class without scored images stays null', async () => {
  const dir = await classFolder({ happy: { faces: 1, blank: 1 }, sad: { faces: 0, blank: 2 } });
  const fer = await createRecognizer({ modelDir: writeRandomModel(19) });
  try {
    const report = await evaluateFolder(dir, fer);
    assert.equal(report.n, 4);
    assert.equal(report.noFace, 3);
    assert.equal(report.perClass.Sad, 0, 'two images, no face found: both missed');
    assert.ok(
      report.perClass.Happy === 0 || report.perClass.Happy === 0.5,
      `Happy recall ${report.perClass.Happy} counts its face-less image as a miss`,
    );
    assert.equal(report.perClass.Fear, null, 'no Fear images at all');
  } finally {
    await fer.dispose();
  }
});
