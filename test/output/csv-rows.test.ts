import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField } from '../../src/output/csv-rows.js';

test("CSV cells: quoted when needed, and text a spreadsheet would run as a formula is defused with a leading '", () => {
  const rows: [string | number, string][] = [
    ['Happy', 'Happy'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=cmd|calc!A1.jpg', "'=cmd|calc!A1.jpg"],
    ['+1.jpg', "'+1.jpg"],
    ['-2.jpg', "'-2.jpg"],
    ['@SUM(A1).jpg', "'@SUM(A1).jpg"],
    ['\tx.jpg', "'\tx.jpg"],
    ['\rx.jpg', `"'\rx.jpg"`],
    ['=1,2', `"'=1,2"`],
    [-0.25, '-0.25'],
    [0.123456, '0.1235'],
  ];
  for (const [value, cell] of rows) assert.equal(csvField(value), cell, String(value));
});
