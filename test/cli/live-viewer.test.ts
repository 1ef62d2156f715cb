import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { startLiveViewer } from '../../src/cli/live-viewer.js';
import { waitFor, watchdog } from '../helpers/wait-for.js';

const UPDATE = { frame: 0, time: 0, faces: [] };

/** A raw TCP client of the viewer. */
interface Client {
  socket: Socket;
  /** All it has read so far. */
  received(): Buffer;
  /** Resolves when its connection is closed. */
  closed: Promise<void>;
}

/** Open a raw TCP connection to the viewer, reading what comes, and send `request` (possibly nothing, or half a request). */
async function openClient(port: number, request: string): Promise<Client> {
  const chunks: Buffer[] = [];
  const socket = connect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined).on('data', (d: Buffer) => chunks.push(d));
  await new Promise((resolve) => socket.once('connect', resolve));
  if (request) socket.write(request);
  return { socket, received: () => Buffer.concat(chunks), closed };
}

const GET = (path: string, keepAlive = false): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n`;

/** Make a whole request on a second connection and read the answer: by then the viewer has accepted the first connection (it accepts in order). */
async function acceptedBefore(port: number): Promise<void> {
  const probe = await openClient(port, GET('/none'));
  await watchdog(probe.closed, 20_000, 'the answer to a request on a second connection');
}

/** Wait until the client has been sent something (the viewer took its request), then stop reading. */
async function takenThenStalled(client: Client): Promise<void> {
  await waitFor(() => client.received().length, { what: 'the first bytes of the answer', timeoutMs: 20_000 });
  client.socket.pause();
}

/** Each client, and the event that shows the viewer has it (and, for a stream, is writing to it). */
const clients: [string, string, (client: Client, port: number) => Promise<unknown>][] = [
  ['a connection that sends nothing', '', (_, port) => acceptedBefore(port)],
  ['half a request', 'GET /stream HTTP/1.1\r\nHost: 127.0', (_, port) => acceptedBefore(port)],
  ['a /stream client that never reads', GET('/stream'), takenThenStalled],
  ['an /events client that never reads', GET('/events'), takenThenStalled],
  ['a keep-alive client after a page', GET('/', true), (client) => waitFor(() => client.received().toString(), { what: 'the whole page', until: (t) => t.includes('</html>'), timeoutMs: 20_000 })],
];

for (const [name, request, ready] of clients) {
  test(`the viewer's end() does not wait for ${name}: it closes that connection itself`, { timeout: 60_000 }, async () => {
    const viewer = await startLiveViewer(0);
    const port = Number(new URL(viewer.url).port);
    viewer.push(Buffer.alloc(1024, 0), UPDATE); // the frame and update a new /stream or /events client is sent at once
    const client = await openClient(port, request);
    try {
      await ready(client, port);
      for (let i = 0; i < 20; i++) viewer.push(Buffer.alloc(256 * 1024, i), { ...UPDATE, frame: i });
      await watchdog(viewer.end(), 20_000, `viewer.end() with ${name} open (it waits for the client)`);
      client.socket.resume(); // take what is left, so that the close behind it arrives
      await watchdog(client.closed, 20_000, `the viewer closing the connection of ${name}`);
    } finally {
      client.socket.destroy();
    }
  });
}

test('a /stream client that does not read is sent the frames it can take, not every frame', { timeout: 60_000 }, async () => {
  const viewer = await startLiveViewer(0);
  viewer.push(Buffer.alloc(1024, 200), UPDATE);
  const client = await openClient(Number(new URL(viewer.url).port), GET('/stream'));
  await takenThenStalled(client);
  const frames = 40;
  for (let i = 0; i < frames; i++) {
    viewer.push(Buffer.alloc(512 * 1024, i), { ...UPDATE, frame: i });
    await new Promise((r) => setImmediate(r));
  }
  client.socket.resume();
  // A last frame of 0xff bytes, offered until it is written: the viewer writes it only once the client has taken all before it.
  const received = await waitFor(() => {
    viewer.push(Buffer.alloc(1024, 0xff), UPDATE);
    return client.received();
  }, { what: 'the last frame (0xff bytes) to arrive', until: (b) => b.includes(0xff), timeoutMs: 30_000, intervalMs: 20 });
  await viewer.end();
  client.socket.destroy();
  const boundaries = received.subarray(0, received.indexOf(0xff)).toString('latin1').split('--frame\r\n').length - 1;
  const sent = boundaries - 2; // not the first frame, nor the last one's own boundary
  assert.ok(sent >= 1, 'the client gets frames');
  assert.ok(sent < frames / 2, `a client that did not read was sent ${sent} of ${frames} frames (the rest is held in memory)`);
});
