import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeSinks, type FrameSink, type RunEnd } from '../../src/output/frame-sink.js';
import { createFrameRenderer } from '../../src/output/frame-renderer.js';
import { oneFaceFrame } from '../helpers/frames.js';
import { frameJson } from '../../src/output/row-sinks.js';
import { videoPace } from '../../src/output/video-files.js';

const frame = oneFaceFrame;

const done: RunEnd = { completed: true, signal: null, endedEarly: null };

test('closing goes on past a sink that fails, in order, and reports the first failure', async () => {
  const closed: string[] = [];
  const sink = (name: string, fail = false): FrameSink => ({
    onFrame: () => undefined,
    close: async () => {
      closed.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
    files: () => [],
  });
  const failure = await closeSinks(
    [sink('progress'), sink('mp4', true), sink('csv'), sink('viewer', true), sink('summary')],
    done,
  );
  assert.deepEqual(closed, ['progress', 'mp4', 'csv', 'viewer', 'summary']);
  assert.equal((failure as Error).message, 'mp4 failed');
  assert.equal(await closeSinks([sink('a')], done), null);
});

test('the MP4 and the live page share one drawing per frame, and the plot keeps its history', async () => {
  const render = createFrameRenderer({ plot: true });
  const a = render(frame(0));
  assert.equal(render(frame(0)), a, 'drawn once for both sinks');
  const b = render(frame(1));
  assert.notEqual(b, a);
  const [first, second] = [await a, await b];
  assert.deepEqual([first.width, first.height], [second.width, second.height]);
});

test('a JSON line numbers its frame by the source frame; the MP4 rate is -f, at most the source rate', () => {
  assert.deepEqual(frameJson({ ...frame(2), sourceIndex: 50, time: 2 }), {
    frame: 50,
    time: 2,
    faces: [{ id: 1, ...(frameJson(frame(2)) as { faces: object[] }).faces[0] }],
  });
  const info = { width: 64, height: 48, rotation: 0, duration: 4, fps: 25 };
  assert.deepEqual(videoPace(5, info), { rate: 5, total: 20 });
  assert.deepEqual(videoPace(100, info), { rate: 25, total: 100 }, 'frames are never repeated to reach 100/s');
  assert.deepEqual(videoPace(0, info), { rate: 25, total: 100 });
});
