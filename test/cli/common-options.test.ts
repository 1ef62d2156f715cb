import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fer } from '../helpers/run-cli.js';

test('the output-options group is declared once and offered by image, video, webcam and queue add; --verbose by every command', async () => {
  const rows: [string[], boolean][] = [
    [['image'], false],
    [['video'], true],
    [['webcam'], true],
    [['queue', 'add'], true],
  ];
  for (const [command, video] of rows) {
    const help = (await fer(...command, '--help')).out;
    for (const flag of ['-o, --output <dir>', '-b, --branches', '-g, --grad-cam', '-s, --size <n>', '--verbose']) assert.ok(help.includes(flag), `${command.join(' ')}: ${flag}`);
    for (const flag of ['-f, --fps <n>', '--detect-every <k>', '--no-plot']) assert.equal(help.includes(flag), video, `${command.join(' ')}: ${flag}`);
  }
  for (const command of [['eval'], ['worker'], ['queue', 'status'], ['queue', 'clean']]) assert.ok((await fer(...command, '--help')).out.includes('--verbose'), command.join(' '));
  const bad = await fer('queue', 'add', '/nonexistent', '-s', '4');
  assert.equal(bad.code, 2, bad.err);
  assert.match(bad.err, /-s expects 1, 2 or 3, got "4"/);
});
