import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { startLiveViewer } from '../../src/cli/live-viewer.js';

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
  ['half a request', 'GET /stream HTTP/1.1\r\nHost: 127.0', false],
  ['a /stream client that never reads', GET('/stream'), false],
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

test('a /stream client that does not read is sent the frames it can take, not every frame', { timeout: 30_000 }, async () => {
  const viewer = await startLiveViewer(0);
  const client = await openClient(Number(new URL(viewer.url).port), GET('/stream'), false);
  const frames = 40;
  for (let i = 0; i < frames; i++) {
    viewer.push(Buffer.alloc(512 * 1024, i), { ...UPDATE, frame: i });
    await new Promise((r) => setImmediate(r));
  }
  const chunks: Buffer[] = [];
  client.socket.on('data', (d: Buffer) => chunks.push(d));
  client.socket.resume();
  await new Promise((r) => setTimeout(r, 1000));
  const sent = Buffer.concat(chunks).toString('latin1').split('--frame\r\n').length - 1;
  await viewer.end();
  client.socket.destroy();
  assert.ok(sent >= 1, 'the client gets frames');
  assert.ok(sent < frames / 2, `a client that did not read was sent ${sent} of ${frames} frames (the rest is held in memory)`);
});
