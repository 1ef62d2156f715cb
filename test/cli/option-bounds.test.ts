import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { ASTRONAUT } from '../helpers/fixtures.js';
import { writeRandomModel } from '../helpers/random-weights.js';
import { fer } from '../helpers/run-cli.js';

const modelDir = writeRandomModel(7);
/** A Redis port nothing listens on: a command that got as far as connecting would wait, not exit 2. */
const noRedis = 'redis://127.0.0.1:1';

/** Assert a usage error (exit 2): one `fer:` line with every word, one hint line, no stack. */
function assertUsage(r: { code: number; err: string }, words: string[], label: string): void {
  assert.equal(r.code, 2, `${label}: ${r.err}`);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 2, `${label}: ${r.err}`);
  assert.ok(lines[0].startsWith('fer: ') && lines[1].startsWith('  hint: '), `${label}: ${r.err}`);
  for (const word of words) assert.ok(r.err.includes(word), `${label}: missing ${word} in ${r.err}`);
}

test('--threads above 4 per core is a usage error, before any model loads (was accepted: 100000 grew to 24 GB, 1e9 blamed the weights)', async () => {
  const max = availableParallelism() * 4;
  for (const threads of ['100000', '1000000000', String(max + 1)]) {
    const r = await fer('image', '-i', ASTRONAUT, '--model-dir', modelDir, '--threads', threads);
    assertUsage(r, ['--threads', `from 0 to ${max}`, `"${threads}"`], `--threads ${threads}`);
  }
});

test('numeric queue settings have upper bounds: usage errors before Redis is contacted (--lock-duration 17179869200 flooded TimeoutOverflowWarning)', async () => {
  const rows: [string[], string][] = [
    [['worker', '--redis', noRedis, '--lock-duration', '17179869200'], '--lock-duration'],
    [['worker', '--redis', noRedis, '--lock-duration', '99999999999999'], '--lock-duration'],
    [['worker', '--redis', noRedis, '--concurrency', '1000000'], '--concurrency'],
    [['queue', 'add', ASTRONAUT, '--redis', noRedis, '--attempts', '1000000'], '--attempts'],
  ];
  for (const [args, name] of rows) assertUsage(await fer(...args), [name, 'expects an integer from'], args.join(' '));
});

test("--detector-size with --engine tfjs is refused: face-api's SSD only sees 512x512 (was silently ignored)", async () => {
  const r = await fer('image', '-i', ASTRONAUT, '--model-dir', modelDir, '--engine', 'tfjs', '--detector-size', '320');
  assertUsage(r, ['detector-size', '320', 'tfjs'], '--engine tfjs --detector-size 320');
});
