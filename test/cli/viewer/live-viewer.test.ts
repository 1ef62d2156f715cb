import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { startLiveViewer } from '../../../src/cli/viewer/live-viewer.js';

const UPDATE = { frame: 0, time: 0, faces: [] };

/** Open a raw TCP connection to the viewer and send `request` (possibly nothing, or half a request). */
async function openClient(port: number, request: string, read: boolean): Promise<{ socket: Socket; received(): Buffer }> {
  const chunks: Buffer[] = [];
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  if (read) socket.on('data', (d: Buffer) => chunks.push(d));
  else socket.pause();
  if (request) socket.write(request);
  await new Promise((r) => setTimeout(r, 100));
  return { socket, received: () => Buffer.concat(chunks) };
}

const GET = (path: string, keepAlive = false): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n`;

const clients: [string, string, boolean][] = [
  ['a connection that sends nothing', '', false],
  ['half a request', 'GET /events HTTP/1.1\r\nHost: 127.0', false],
  ['an /events client that never reads', GET('/events'), false],
  ['a keep-alive client after a page', GET('/', true), true],
];

for (const [name, request, read] of clients) {
  test(`the viewer's end() does not wait for ${name}`, { timeout: 20_000 }, async () => {
    const viewer = await startLiveViewer(0);
    const client = await openClient(Number(new URL(viewer.url).port), request, read);
    for (let i = 0; i < 20; i++) viewer.push(Buffer.alloc(256 * 1024, i), { ...UPDATE, frame: i });
    const started = Date.now();
    await viewer.end();
    const seconds = (Date.now() - started) / 1000;
    client.socket.destroy();
    assert.ok(seconds < 3, `end() took ${seconds.toFixed(1)} s`);
  });
}

test('an /events client that does not read is sent the frames it can take, not every frame', { timeout: 30_000 }, async () => {
  const viewer = await startLiveViewer(0);
  const client = await openClient(Number(new URL(viewer.url).port), GET('/events'), false);
  const frames = 40;
  for (let i = 0; i < frames; i++) {
    viewer.push(Buffer.alloc(512 * 1024, i), { ...UPDATE, frame: i });
    await new Promise((r) => setImmediate(r));
  }
  const chunks: Buffer[] = [];
  client.socket.on('data', (d: Buffer) => chunks.push(d));
  client.socket.resume();
  await new Promise((r) => setTimeout(r, 1000));
  const sent = Buffer.concat(chunks).toString('latin1').split('\ndata: ').length - 1;
  await viewer.end();
  client.socket.destroy();
  assert.ok(sent >= 1, 'the client gets frames');
  assert.ok(sent < frames / 2, `a client that did not read was sent ${sent} of ${frames} frames (the rest is held in memory)`);
});

/** Resolve once a reading client has received `text`; reject when the test times out (`signal`). */
async function receivedText(client: { socket: Socket; received(): Buffer }, text: string, signal: AbortSignal): Promise<void> {
  while (!client.received().toString('latin1').includes(text)) {
    signal.throwIfAborted();
    await new Promise((resolve, reject) => {
      client.socket.once('data', resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

/** The `data:` messages and event names an /events client received. */
function readEvents(raw: Buffer): { events: string[]; data: { frame: number; image?: string }[] } {
  const blocks = raw.toString('latin1').split('\n\n');
  return {
    events: blocks.flatMap((b) => /^event: (\w+)/m.exec(b)?.[1] ?? []),
    data: blocks.flatMap((b) => (/^data: (\{"frame".*)$/m.exec(b) ? [JSON.parse(/^data: (.*)$/m.exec(b)![1])] : [])),
  };
}

test('each event carries its frame\'s picture with its results, so the page cannot show one frame\'s status over another\'s picture (finding 10)', { timeout: 20_000 }, async (t) => {
  const viewer = await startLiveViewer(0);
  const client = await openClient(Number(new URL(viewer.url).port), GET('/events'), true);
  const jpegs = [0, 1, 2].map((i) => Buffer.from(`jpeg of frame ${i}`));
  try {
    for (const [i, jpeg] of jpegs.entries()) {
      viewer.push(jpeg, { ...UPDATE, frame: i });
      await receivedText(client, `"frame":${i}`, t.signal);
    }
  } finally {
    await viewer.end();
    client.socket.destroy();
  }
  const { data } = readEvents(client.received());
  assert.deepEqual(data.map((d) => d.frame), [0, 1, 2]);
  for (const d of data) assert.deepEqual(Buffer.from((d.image ?? '').replace(/^data:image\/jpeg;base64,/, ''), 'base64'), jpegs[d.frame], `frame ${d.frame}`);
});

test('after finish() the page stays: a viewer that connects then gets the last frame and "end" (finding 10)', { timeout: 20_000 }, async (t) => {
  const viewer = await startLiveViewer(0);
  const client = await openClient(Number(new URL(viewer.url).port), '', true);
  try {
    viewer.push(Buffer.from('last'), { ...UPDATE, frame: 7 });
    viewer.finish();
    client.socket.write(GET('/events'));
    await receivedText(client, 'event: end', t.signal);
  } finally {
    await viewer.end();
    client.socket.destroy();
  }
  const { events, data } = readEvents(client.received());
  assert.deepEqual(data.map((d) => d.frame), [7]);
  assert.deepEqual(events, ['end']);
});
