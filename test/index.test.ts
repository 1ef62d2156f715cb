import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as api from '../src/index.js';
import { ROOT } from './helpers/fixtures.js';

test('the package entry exports the library API, not CLI plumbing', () => {
  for (const name of [
    'createRecognizer',
    'evaluateFolder',
    'analyseVideo',
    'readImage',
    'renderAnnotated',
    'resolveOptions',
    'DEFAULTS',
    'FerError',
  ]) {
    assert.ok(name in api, `${name} is exported`);
  }
  for (const name of [
    'checkImageFile',
    'openRowsFile',
    'openOutputDir',
    'createVideoWriter',
    'listImages',
    'isDirectory',
    'csvField',
    'referenceValues',
    'REFERENCE_COLUMNS',
    'frameSize',
  ]) {
    assert.ok(!(name in api), `${name} is not part of the public API`);
  }
});

test('src/index.ts names each module once', () => {
  const modules = [...readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(
    modules.filter((m, i) => modules.indexOf(m) !== i),
    [],
  );
});
