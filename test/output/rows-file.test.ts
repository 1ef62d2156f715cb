import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { openRowsFile } from '../../src/output/rows-file.js';
import { tempDir } from '../helpers/fixtures.js';

test(
  'a row that cannot be written whole (disk full) fails with a disk-full hint',
  { skip: existsSync('/dev/full') ? false : 'no /dev/full' },
  () => {
    assert.throws(
      () => openRowsFile('/dev/full', 'header'),
      (e: unknown) =>
        e instanceof FerError &&
        e.code === 'OUTPUT_UNWRITABLE' &&
        /disk full/.test(e.message) &&
        /the disk is full/.test(e.hint),
    );
  },
);

test('rows are whole lines, written as they come', () => {
  const path = join(tempDir(), 'rows.csv');
  const file = openRowsFile(path, 'a,b');
  file.append('1,2');
  assert.equal(readFileSync(path, 'utf8'), 'a,b\n1,2\n', 'on disk before close');
  file.append('3,4\n');
  file.close();
  assert.equal(readFileSync(path, 'utf8'), 'a,b\n1,2\n3,4\n');
});
