import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fer } from '../../helpers/run-cli.js';

test('the output-options group is declared once and offered by image, video, webcam and queue add; --verbose by every command', async () => {
  const rows: [string[], boolean][] = [
    [['image'], false],
    [['video'], true],
    [['webcam'], true],
    [['queue', 'add'], true],
  ];
  for (const [command, video] of rows) {
    const help = (await fer(...command, '--help')).out;
    for (const flag of ['-o, --output <dir>', '-b, --branches', '-g, --grad-cam', '-s, --size <n>', '--verbose'])
      assert.ok(help.includes(flag), `${command.join(' ')}: ${flag}`);
    for (const flag of ['-f, --fps <n>', '--detect-every <k>', '--no-plot'])
      assert.equal(help.includes(flag), video, `${command.join(' ')}: ${flag}`);
  }
  for (const command of [['eval'], ['worker'], ['queue', 'status'], ['queue', 'clean']])
    assert.ok((await fer(...command, '--help')).out.includes('--verbose'), command.join(' '));
  const bad = await fer('queue', 'add', '/nonexistent', '-s', '4');
  assert.equal(bad.code, 2, bad.err);
  assert.match(bad.err, /-s expects 1, 2 or 3, got "4"/);
});

test("--gpu names the GPU switch (any GPU); -c and the reference framework's --cuda mean the same", async () => {
  const { Command } = await import('commander');
  const { addModelOptions, toFerOptions } = await import('../../../src/cli/commands/common-options.js');
  const parse = (...args: string[]) =>
    toFerOptions(addModelOptions(new Command()).exitOverride().parse(args, { from: 'user' }).opts(), false).gpu;
  assert.deepEqual([parse('--gpu'), parse('-c'), parse('--cuda'), parse()], [true, true, true, false]);
  const help = (await fer('image', '--help')).out;
  assert.match(help, /-c, --gpu\s+run ESR-9 and the face detector on a GPU/);
  assert.doesNotMatch(help, /--cuda/);
});
