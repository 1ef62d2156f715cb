import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { analyseVideo, createRecognizer } from '../../src/index.js';
import { probeVideo } from '../../src/io/probe-video.js';
import { tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';
import { type FerExit, spawnFer } from '../helpers/spawn-fer.js';
import { waitForCsvRows } from '../helpers/wait-for.js';
import { badVideos, faceClip, rotatedClip, truncatedFastStartClip } from '../helpers/videos.js';

const modelDir = writeRandomModel(6);
const clip = faceClip(3);

test('fer video -f 2 -o writes CSV, JSON lines and a playable MP4, with video-clock timestamps', async () => {
  const out = tempDir();
  const r = await fer('video', '-i', clip, '-f', '2', '-o', out, '-b', '-g', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /frames analysed: 6 \(6 with a face\), faces: 6, distinct face ids: 1/);
  const csv = readFileSync(join(out, 'face-3s_fer.csv'), 'utf8').trim().split('\n');
  assert.ok(
    csv[0].startsWith('Timestamp(sec),Face_Id,Ensemble_Emotion,Ensemble_Arousal,Ensemble_Valence,Branch_0_Emotion'),
  );
  assert.deepEqual(
    csv.slice(1).map((l) => Number(l.split(',')[0])),
    [0, 0.5, 1, 1.5, 2, 2.5],
  );
  assert.ok(csv.slice(1).every((l) => l.split(',')[1] === '1'));
  const lines = readFileSync(join(out, 'face-3s_fer.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 6);
  assert.equal(lines[3].faces[0].id, 1);
  assert.equal(lines[3].faces[0].branches[0].gradCam.data.length, 64);
  const mp4 = join(out, 'face-3s_fer.mp4');
  const info = await probeVideo(mp4);
  assert.ok(info.duration! > 2 && info.duration! < 4, `duration ${info.duration}`);
  assert.ok(info.width > 480);
});

test('every frame without -f; --json streams one line per frame then a summary', async () => {
  const r = await fer('video', '-i', clip, '--json', '--detector', 'none', '--no-plot', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 31);
  assert.ok(Math.abs(lines[10].time - 1) < 1e-6);
  assert.equal(lines[30].summary.frames, 30);
});

test('bad video inputs and an unwritable -o fail with documented codes and one-line messages', async () => {
  for (const [name, [path, code]] of Object.entries(badVideos(clip))) {
    const r = await fer('video', '-i', path, '--model-dir', modelDir);
    assert.equal(r.code, code, `${name}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 2, `${name}: ${r.err}`);
    assert.ok(r.err.includes(path), `${name}: ${r.err}`);
  }
  const file = join(tempDir(), 'f');
  writeFileSync(file, '');
  assert.equal((await fer('video', '-i', clip, '-o', join(file, 'x'), '--model-dir', modelDir)).code, 7);
});

/** Start `fer video -f 5 -o` on a 30 s clip, send `signal` once 5 rows are written, and return how it ended with the rows saved. */
async function interruptVideo(signal: NodeJS.Signals): Promise<{ exit: FerExit; out: string; rows: number }> {
  const out = tempDir();
  const run = spawnFer(
    ['video', '-i', faceClip(30, 10), '-f', '5', '-o', out, '--detector', 'none', '--model-dir', modelDir],
    { cache: true },
  );
  await waitForCsvRows(out, 'face-30s_fer.csv', 5);
  run.child.kill(signal);
  const exit = await run.exitWithin(120_000);
  return { exit, out, rows: readFileSync(join(out, 'face-30s_fer.csv'), 'utf8').trim().split('\n').length - 1 };
}

test('Ctrl+C keeps every analysed row and finishes the MP4', async () => {
  const { exit, out, rows } = await interruptVideo('SIGINT');
  assert.equal(exit.code, 130, exit.err);
  const jsonl = readFileSync(join(out, 'face-30s_fer.jsonl'), 'utf8').trim().split('\n').length;
  assert.ok(rows >= 5 && rows < 150, `rows ${rows}`);
  assert.equal(jsonl, rows);
  const info = await probeVideo(join(out, 'face-30s_fer.mp4'));
  assert.ok(info.duration! > 0.5, 'the MP4 is finished and readable');
});

test('memory stays flat over a long video', async () => {
  const long = faceClip(120, 5);
  const fer = await createRecognizer({ modelDir });
  const { frames } = await analyseVideo(fer, { input: long, fps: 1 });
  const rss: number[] = [];
  for await (const f of frames) {
    assert.equal(f.result.faces.length, 1);
    rss.push(process.memoryUsage().rss);
  }
  await fer.dispose();
  assert.equal(rss.length, 120);
  const growth = (rss[119] - rss[19]) / 2 ** 20;
  assert.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MiB from frame 20 to 120`);
});

test('fer webcam --input prints one line per analysed frame', async () => {
  const r = await fer('webcam', '--input', clip, '-f', '2', '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .filter((l) => /^\d+\.\d\ds /.test(l));
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^0\.00s face 1 \w+/);
  const lavfi = await fer(
    'webcam',
    '--input',
    'testsrc=size=320x240:rate=5:duration=1',
    '--input-format',
    'lavfi',
    '--detector',
    'none',
    '--model-dir',
    modelDir,
  );
  assert.equal(lavfi.code, 0, lavfi.err);
  assert.equal(
    lavfi.out
      .trim()
      .split('\n')
      .filter((l) => /^\d+\.\d\ds /.test(l)).length,
    5,
  );
});

const noCameraSkip =
  process.platform !== 'linux'
    ? 'camera ids map to /dev/videoN only on Linux'
    : existsSync('/dev/video9')
      ? 'this machine has a /dev/video9, so it cannot stand for a missing camera'
      : false;

test('fer webcam -w 9 with no such camera is a clear error', { skip: noCameraSkip }, async () => {
  const none = await fer('webcam', '-w', '9', '--model-dir', modelDir);
  assert.equal(none.code, 3);
  assert.match(none.err, /no camera at \/dev\/video9/);
  assert.match(none.err, /v4l2-ctl --list-devices/);
});

test('a phone-style clip with rotation metadata is analysed upright and written upright', async () => {
  const rotated = rotatedClip(clip);
  const info = await probeVideo(rotated);
  assert.deepEqual([info.width, info.height, info.rotation], [360, 480, 270]);
  const out = tempDir();
  const r = await fer('video', '-i', rotated, '-f', '2', '-o', out, '--model-dir', modelDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /frames analysed: 6 \(6 with a face\)/);
  const written = await probeVideo(join(out, 'rotated_fer.mp4'));
  assert.ok(written.height > written.width, `the annotated MP4 is portrait: ${written.width}x${written.height}`);
  const rows = readFileSync(join(out, 'rotated_fer.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const header = readFileSync(join(out, 'rotated_fer.csv'), 'utf8').split('\n')[0].split(',');
  const [x, w] = [header.indexOf('X'), header.indexOf('Width')];
  assert.ok(
    rows.every((c) => Number(c[x]) + Number(c[w]) <= 360 + 1),
    'face boxes lie inside the 360-wide upright frame',
  );
});

test('a truncated MP4 with its index at the start says where it ended, on stderr and in the summary, and exits 8', async () => {
  const cut = truncatedFastStartClip(4);
  const out = tempDir();
  const r = await fer('video', '-i', cut, '-o', out, '--detector', 'none', '--model-dir', modelDir);
  assert.equal(r.code, 8, r.err);
  assert.match(r.err, /fer: .*cut\.mp4 ended early: analysed up to t = \d+\.\d\d s of 4\.00 s/);
  assert.match(r.out, /input ended early: analysed up to t = \d+\.\d\d s of 4\.00 s/);
  const rows = readFileSync(join(out, 'cut_fer.csv'), 'utf8').trim().split('\n').length - 1;
  assert.ok(rows > 0 && rows < 40, `rows ${rows}: the part that could be read`);
  const j = await fer('video', '-i', cut, '--json', '--detector', 'none', '--model-dir', modelDir);
  const summary = JSON.parse(j.out.trim().split('\n').pop() as string).summary;
  assert.equal(summary.endedEarly.duration, 4);
  assert.ok(summary.endedEarly.analysedUpTo < 3);
  const whole = await fer('video', '-i', clip, '-f', '2', '--detector', 'none', '--model-dir', modelDir);
  assert.equal(whole.code, 0);
  assert.doesNotMatch(whole.out + whole.err, /ended early/);
});

test('SIGTERM prints what Ctrl+C prints: the summary and the interruption, files complete', async () => {
  const { exit, out, rows } = await interruptVideo('SIGTERM');
  assert.equal(exit.code, 143, exit.err);
  assert.match(exit.out, /frames analysed: \d+/);
  assert.match(exit.err, /interrupted by SIGTERM: results so far are saved/);
  assert.match(exit.err, /wrote face-30s_fer\.csv, face-30s_fer\.jsonl, face-30s_fer\.mp4/);
  assert.equal(Number(/frames analysed: (\d+)/.exec(exit.out)?.[1]), rows, 'the summary counts the rows written');
  const info = await probeVideo(join(out, 'face-30s_fer.mp4'));
  assert.ok(info.duration! > 0.5, 'the MP4 is finished and readable');
});

test('the progress bar is drawn through the Io it is given, not on process.stderr', async () => {
  let err = '';
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(
      ['node', 'fer', 'video', '-i', clip, '-f', '2', '--detector', 'none', '--model-dir', modelDir],
      {
        out: () => undefined,
        err: (t) => (err += t),
        isTTY: true,
        columns: 100,
      },
    );
    assert.equal(code, 0, err);
  } finally {
    process.stderr.write = original;
  }
  assert.match(err, /frames .*6\/6/);
  assert.deepEqual(
    written.filter((t) => /frames/.test(t)),
    [],
  );
});
