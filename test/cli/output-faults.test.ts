import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { killEncoderOf, NO_PROC } from '../helpers/encoder.js';
import { spawnFer } from '../helpers/spawn-fer.js';
import { waitForCsvRows } from '../helpers/wait-for.js';
import { faceClip } from '../helpers/videos.js';

/** Every line of a CSV has the header's number of fields, and there are `min` rows or more. */
function assertWholeCsv(path: string, min: number): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  const fields = lines[0].split(',').length;
  for (const line of lines) assert.equal(line.split(',').length, fields, line);
  assert.ok(lines.length - 1 >= min, `${lines.length - 1} rows`);
  return lines.length - 1;
}

/** Every line is a JSON document. */
function assertWholeJsonLines(path: string): number {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  for (const line of lines) JSON.parse(line);
  return lines.length;
}

test(
  'fer video -o whose encoder is killed ends with exit 7, the rows so far saved and no MP4',
  { skip: NO_PROC, timeout: 240_000 },
  async () => {
    const clip = faceClip(8, 10, tempDir());
    const out = tempDir();
    const run = spawnFer(['video', '-i', clip, '-o', out, '--detector', 'none']);
    await waitForCsvRows(out, 'face-8s_fer.csv', 1);
    await killEncoderOf(run.child.pid!);
    const r = await run.exited;
    assert.equal(r.code, 7, r.err);
    assert.match(
      r.err,
      /^fer: could not write video .*face-8s_fer\.mp4: the encoder \(ffmpeg\) was stopped by SIGKILL\n {2}hint: /,
    );
    assert.deepEqual(
      readdirSync(out).sort(),
      ['face-8s_fer.csv', 'face-8s_fer.jsonl'],
      'no MP4, no temporary file, no lock',
    );
    const rows = assertWholeCsv(join(out, 'face-8s_fer.csv'), 1);
    assert.equal(
      assertWholeJsonLines(join(out, 'face-8s_fer.jsonl')),
      rows,
      'one JSON line per CSV row (one face per frame)',
    );
  },
);

test(
  'a full disk: exit 7 with a disk-full hint, and every result file complete or absent under its final name',
  { timeout: 240_000 },
  async () => {
    const clip = faceClip(2, 10, tempDir());
    const rows: [string, string[], number, string[]][] = [
      ['video: the MP4 does not fit', ['video', '-i', clip, '-f', '2'], 20, ['face-2s_fer.csv', 'face-2s_fer.jsonl']],
      ['image: the PNG does not fit', ['image', '-i', ASTRONAUT], 100, []],
    ];
    for (const [what, args, limitKb, kept] of rows) {
      const out = tempDir();
      const r = await spawnFer([...args, '-o', out, '--detector', 'none'], limitKb).exited;
      assert.equal(r.code, 7, `${what}: ${r.err}`);
      assert.match(
        r.err,
        /^fer: .*\n {2}hint: the disk is full: free space, or choose another folder with -o\n$/,
        what,
      );
      assert.deepEqual(readdirSync(out).sort(), kept, what);
      for (const name of kept.filter((n) => n.endsWith('.csv'))) assertWholeCsv(join(out, name), 1);
    }
  },
);

test(
  'Ctrl+C during a folder run saves fer.csv and fer.json for the images done, says so and exits 130',
  { timeout: 240_000 },
  async () => {
    const dir = tempDir();
    for (let i = 0; i < 30; i++) copyFileSync(ASTRONAUT, join(dir, `img${String(i).padStart(2, '0')}.png`));
    const out = tempDir();
    const run = spawnFer(['image', '-i', dir, '-o', out, '--detector', 'none']);
    await run.waitForOutput(/\(512x512\)/, { stream: 'out' });
    run.child.kill('SIGINT');
    const r = await run.exited;
    assert.equal(r.code, 130, r.err);
    const doc = JSON.parse(readFileSync(join(out, 'fer.json'), 'utf8')) as { images: unknown[] };
    assert.ok(doc.images.length >= 1 && doc.images.length < 30, `${doc.images.length} images`);
    assert.equal(assertWholeCsv(join(out, 'fer.csv'), 1), doc.images.length, 'one CSV row per image done');
    assert.match(
      r.err,
      new RegExp(`interrupted by SIGINT after ${doc.images.length} of 30 images: results so far are saved\\n$`),
    );
    assert.equal(readdirSync(out).filter((f) => f.startsWith('.')).length, 0, 'no temporary file or lock left');
  },
);
