import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractBlocks, outputMatches, replaceOutputs } from '../helpers/doc-blocks.js';

const PAGE = [
  '# page',
  '```sh',
  'not run',
  '```',
  '```sh runnable exit=3 redis',
  'fer image -i missing.png',
  '```',
  'It prints:',
  '```text output',
  'fer: missing.png not found',
  '```',
  '```js runnable',
  "import 'fer-esr9';",
  '```',
  '```text',
  'not an output block',
  '```',
].join('\n');

test('extractBlocks: only runnable fences, with their options and the output block after them', () => {
  const blocks = extractBlocks(PAGE);
  assert.deepEqual(
    blocks.map((b) => [b.lang, b.line, b.code, b.exit, b.redis]),
    [
      ['sh', 5, 'fer image -i missing.png', 3, true],
      ['js', 12, "import 'fer-esr9';", 0, false],
    ],
  );
  assert.deepEqual(blocks[0].expected, { text: 'fer: missing.png not found', from: 9, to: 10 });
  assert.equal(blocks[1].expected, null);
});

test('outputMatches: words must match, decimals within the tolerance and with the same places, ... any lines', () => {
  assert.equal(outputMatches('1  Happy  +0.45', '1  Happy  +0.46\n'), true);
  assert.equal(outputMatches('1  Happy  +0.45', '1  Sad  +0.45'), false);
  assert.equal(outputMatches('1  Happy  +0.45', '1  Happy  +0.49'), false);
  assert.equal(outputMatches('1  Happy  +0.45', '1  Happy  +0.450'), false);
  assert.equal(outputMatches('frames: 20', 'frames: 21'), false);
  assert.equal(outputMatches('a\n...\nz', 'a\nb\nc\nz'), true);
  assert.equal(outputMatches('a\n...\nz', 'a\nz'), true);
  assert.equal(outputMatches('a\n...\nz', 'a\nb'), false);
  assert.equal(outputMatches('a', 'a\nb'), false);
});

test('replaceOutputs: rewrites an output block body and nothing else', () => {
  const [block] = extractBlocks(PAGE);
  const fixed = replaceOutputs(PAGE, [{ ...block.expected!, text: 'line 1\nline 2\n' }]);
  assert.equal(fixed, PAGE.replace('fer: missing.png not found', 'line 1\nline 2'));
  assert.deepEqual(extractBlocks(fixed)[0].expected?.text, 'line 1\nline 2');
});
