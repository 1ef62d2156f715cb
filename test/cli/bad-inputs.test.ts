import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ASTRONAUT, badInputs, blackPng, tempDir } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';
import { faceClip } from '../helpers/videos.js';

/** One bad invocation: the arguments, the documented exit code, and words the error must contain. */
interface Row {
  args: string[];
  code: number;
  words: (string | RegExp)[];
}

const modelDir = writeRandomModel(5);
const busy = createServer();
let busyPort = 0;

before(async () => {
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => busy.close(() => resolve())));

/** The table, built once the busy port is known. */
function rows(): Row[] {
  const bad = badInputs();
  const folder = tempDir('fer-folder-');
  const fifo = join(tempDir('fer-fifo-'), 'pipe.jpg');
  if (process.platform !== 'win32') execFileSync('mkfifo', [fifo]);
  const huge = blackPng(30000, 30000);
  const clip = faceClip(1);
  const usage = (command: string): RegExp => new RegExp(`hint: run \`fer ${command} --help\` for usage`);
  return [
    {
      args: ['image', '-i', bad.missing[0]],
      code: 3,
      words: ['input not found', bad.missing[0], 'hint: check the path'],
    },
    { args: ['image', '-i', bad.directory[0]], code: 3, words: ['no images in folder', bad.directory[0]] },
    { args: ['image', '-i', bad.empty[0]], code: 4, words: ['input is an empty file', bad.empty[0]] },
    { args: ['image', '-i', bad.text[0]], code: 4, words: ['unsupported image format', bad.text[0], '.bmp'] },
    { args: ['image', '-i', bad.truncated[0]], code: 4, words: ['corrupt or truncated image', bad.truncated[0]] },
    {
      args: ['video', '-i', folder],
      code: 4,
      words: ['input is a directory, expected a video file', folder, 'hint: pass one video file'],
    },
    {
      args: ['image', '-i', '/dev/zero'],
      code: 4,
      words: ['input is a character device, expected an image file: /dev/zero'],
    },
    {
      args: ['video', '-i', '/dev/zero'],
      code: 4,
      words: ['input is a character device, expected a video file: /dev/zero', 'fer webcam --input'],
    },
    ...(process.platform === 'win32'
      ? []
      : [{ args: ['image', '-i', fifo], code: 4, words: ['input is a named pipe', fifo] }]),
    { args: ['eval', ASTRONAUT], code: 4, words: ['not a folder', ASTRONAUT, 'fer image -i'] },
    { args: ['eval', join(folder, 'nope')], code: 3, words: ['evaluation folder not found'] },
    {
      args: ['image', '-i', huge, '--max-pixels', '1000000000'],
      code: 4,
      words: ['image too large', huge, '30000x30000 (900000000 pixels)', 'at most 134217728 pixels'],
    },
    {
      args: ['image', '-i', huge],
      code: 4,
      words: ['30000x30000', 'over the limit of 50000000 pixels', 'raise --max-pixels'],
    },
    {
      args: ['image', '-i', ASTRONAUT, '-d', '--port', '99999'],
      code: 2,
      words: ['--port expects an integer from 0 to 65535, got "99999"', usage('image')],
    },
    {
      args: ['video', '-i', clip, '-d', '--port', '-1'],
      code: 2,
      words: ['--port expects an integer from 0 to 65535, got "-1"', usage('video')],
    },
    {
      args: ['image', '-i', ASTRONAUT, '-d', '--port', String(busyPort)],
      code: 2,
      words: [`port ${busyPort} on 127.0.0.1 is already in use`, 'hint: pick another --port'],
    },
    {
      args: ['video', '-i', clip, '-d', '--port', String(busyPort)],
      code: 2,
      words: [`port ${busyPort} on 127.0.0.1 is already in use`],
    },
    {
      args: ['video', '-i', clip, '-f', '0'],
      code: 2,
      words: ['--fps expects a number above 0, got "0"', usage('video')],
    },
    { args: ['video', '-i', clip, '-f', '-3'], code: 2, words: ['--fps expects a number above 0, got "-3"'] },
    { args: ['video', '-i', clip, '-f', 'abc'], code: 2, words: ['--fps expects a number, got "abc"'] },
    {
      args: ['video', '-i', clip, '--detect-every', '0'],
      code: 2,
      words: ['--detect-every expects an integer of at least 1, got "0"', usage('video')],
    },
    {
      args: ['webcam', '--input', clip, '--detect-every', '2.5'],
      code: 2,
      words: ['--detect-every expects an integer of at least 1, got "2.5"', usage('webcam')],
    },
    {
      args: ['video', '-i', clip, '--detect-every', 'abc'],
      code: 2,
      words: ['--detect-every expects an integer of at least 1, got "abc"'],
    },
    { args: ['image', '-i', ASTRONAUT, '-s', '9'], code: 2, words: ['-s expects 1, 2 or 3, got "9"', usage('image')] },
    {
      args: ['image', '-i', ASTRONAUT, '--classes', '5'],
      code: 2,
      words: ["--classes <n>' argument '5' is invalid", '8, 7, 6'],
    },
    {
      args: ['image', '-i', ASTRONAUT, '--engine', 'foo'],
      code: 2,
      words: ["--engine <name>' argument 'foo' is invalid", 'onnx, tfjs'],
    },
    { args: ['image', '-i', ASTRONAUT, '--threads', '-1'], code: 2, words: ['--threads expects an integer from 0 to'] },
    {
      args: ['image', '-i', ASTRONAUT, '--detector-size', '333'],
      code: 2,
      words: ['invalid detector-size: 333 (expected a multiple of 32 from 160 to 1024)'],
    },
    {
      args: ['video', '-i', clip, '--detector-size', '2000'],
      code: 2,
      words: ['--detector-size expects an integer from 160 to 1024, got "2000"'],
    },
    {
      args: ['image', '-i', ASTRONAUT, '--precision', 'int8', '--engine', 'tfjs'],
      code: 2,
      words: ['invalid precision: "int8"', 'CPU backend only'],
    },
    {
      args: ['image', '-i', ASTRONAUT, '--precision', 'int4'],
      code: 2,
      words: ["--precision <p>' argument 'int4' is invalid", 'auto, fp32, int8'],
    },
    { args: ['image', '-i', ASTRONAUT, '--bogus'], code: 2, words: ["unknown option '--bogus'", usage('image')] },
    { args: ['video'], code: 2, words: ["required option '-i, --input <path>' not specified", usage('video')] },
    { args: ['bogus'], code: 2, words: ["unknown command 'bogus'", 'hint: run `fer --help` for usage'] },
  ];
}

test('every bad input: documented exit code, `fer:` line naming it, a hint, no stack trace', async () => {
  for (const row of rows()) {
    const r = await fer(...row.args, '--model-dir', modelDir);
    const label = `fer ${row.args.join(' ')}: ${r.err}`;
    assert.equal(r.code, row.code, label);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 2, label);
    assert.ok(lines[0].startsWith('fer: '), label);
    assert.ok(lines[1].startsWith('  hint: '), label);
    assert.ok(!/\n\s+at /.test(r.err), label);
    for (const word of row.words) {
      if (typeof word === 'string') assert.ok(r.err.includes(word), `${label}\nmissing: ${word}`);
      else assert.match(r.err, word, label);
    }
  }
});
