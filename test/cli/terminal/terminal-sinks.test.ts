import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectEarlyEnd } from '../../../src/output/early-end.js';
import { printSummarySink } from '../../../src/cli/terminal/terminal-sinks.js';
import type { RunEnd } from '../../../src/output/frame-sink.js';
import { FRAME_LABELS, oneFaceFrame } from '../../helpers/frames.js';

const labels = FRAME_LABELS;
const frame = oneFaceFrame;

/** Text written to stdout by a sink. */
function capture(): { io: { out(t: string): void; err(t: string): void; isTTY: boolean }; text(): string } {
  let out = '';
  return { io: { out: (t) => (out += t), err: () => undefined, isTTY: false }, text: () => out };
}

const done: RunEnd = { completed: true, signal: null, endedEarly: null };

test('the summary is printed only for a completed run, with the early end when there was one', async () => {
  for (const [end, expect] of [
    [{ ...done, completed: false }, ''],
    [done, 'frames analysed: 2 (2 with a face)'],
    [
      { ...done, endedEarly: { analysedUpTo: 0.1, duration: 3 } },
      'input ended early: analysed up to t = 0.10 s of 3.00 s',
    ],
  ] as const) {
    const c = capture();
    const sink = printSummarySink(c.io, labels, false);
    await sink.onFrame(frame(0));
    await sink.onFrame(frame(1));
    await sink.close(end);
    if (expect) assert.ok(c.text().includes(expect), c.text());
    else assert.equal(c.text(), '');
  }
  const c = capture();
  const json = printSummarySink(c.io, labels, true);
  await json.onFrame(frame(0));
  await json.close({ ...done, endedEarly: { analysedUpTo: 0, duration: 3 } });
  assert.deepEqual(JSON.parse(c.text()).summary.endedEarly, { analysedUpTo: 0, duration: 3 });
});

test('an early end is a gap of more than a second (or two frame intervals) before the stated duration', () => {
  const info = { width: 2, height: 2, rotation: 0, duration: 3, fps: 10 };
  assert.equal(detectEarlyEnd(info, 2.9, 10), null, 'the last frame of a whole clip');
  assert.equal(detectEarlyEnd(info, 2.5, 2), null, 'sampled at 2 per second');
  assert.equal(detectEarlyEnd(info, 1.5, 10)?.analysedUpTo, 1.5);
  assert.deepEqual(detectEarlyEnd(info, null, 10), { analysedUpTo: 0, duration: 3 }, 'no frame at all');
  assert.equal(detectEarlyEnd({ ...info, duration: null }, 0, 10), null, 'unknown length');
  assert.equal(detectEarlyEnd(info, 0.5, 0.25), null, 'one frame every 4 s covers the clip');
});
