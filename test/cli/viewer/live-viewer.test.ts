import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { startLiveViewer } from '../../../src/cli/viewer/live-viewer.js';
import { waitFor, watchdog } from '../../helpers/wait-for.js';

const UPDATE = { frame: 0, time: 0, faces: [] };
/** How long any awaited event may take before the test fails naming it (a guard against a hang). */
const HANG_MS = 20_000;

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

const GET = (path: string, keepAlive = false): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n`;

/** Wait until `client` has received `text`. */
function receivedText(client: Client, text: string): Promise<string> {
  return waitFor(() => client.received().toString('latin1'), {
    what: `the client to receive ${JSON.stringify(text)}`,
    until: (t) => t.includes(text),
    timeoutMs: HANG_MS,
    intervalMs: 10,
  });
}

/** Make a whole request on a second connection and read the answer: by then the viewer has accepted the first connection (it accepts in order). */
async function acceptedBefore(port: number): Promise<void> {
  const probe = await openClient(port, GET('/none'));
  await watchdog(probe.closed, HANG_MS, 'the answer to a request on a second connection');
}

/** Wait until the client has been sent something (the viewer took its request), then stop reading. */
async function takenThenStalled(client: Client): Promise<void> {
  await waitFor(() => client.received().length, { what: 'the first bytes of the answer', timeoutMs: HANG_MS });
  client.socket.pause();
}

/** Each client, and the event that shows the viewer has it (and, for /events, is writing to it). */
const clients: [string, string, (client: Client, port: number) => Promise<unknown>][] = [
  ['a connection that sends nothing', '', (_, port) => acceptedBefore(port)],
  ['half a request', 'GET /events HTTP/1.1\r\nHost: 127.0', (_, port) => acceptedBefore(port)],
  ['an /events client that never reads', GET('/events'), takenThenStalled],
  ['a keep-alive client after a page', GET('/', true), (client) => receivedText(client, '</html>')],
];

for (const [name, request, ready] of clients) {
  test(
    `the viewer's end() does not wait for ${name}: it closes that connection itself`,
    { timeout: 60_000 },
    async () => {
      const viewer = await startLiveViewer(0);
      const port = Number(new URL(viewer.url).port);
      viewer.push(Buffer.alloc(1024, 0), UPDATE); // the event a new /events client is sent at once
      const client = await openClient(port, request);
      try {
        await ready(client, port);
        for (let i = 0; i < 20; i++) viewer.push(Buffer.alloc(256 * 1024, i), { ...UPDATE, frame: i });
        await watchdog(viewer.end(), HANG_MS, `viewer.end() with ${name} open (it waits for the client)`);
        client.socket.resume(); // take what is left, so that the close behind it arrives
        await watchdog(client.closed, HANG_MS, `the viewer closing the connection of ${name}`);
      } finally {
        client.socket.destroy();
      }
    },
  );
}

/** The `data:` messages and event names an /events client received. */
function readEvents(raw: Buffer): { events: string[]; data: { frame: number; image?: string }[] } {
  const blocks = raw.toString('latin1').split('\n\n');
  return {
    events: blocks.flatMap((b) => /^event: (\w+)/m.exec(b)?.[1] ?? []),
    data: blocks.flatMap((b) => (/^data: (\{"frame".*)$/m.exec(b) ? [JSON.parse(/^data: (.*)$/m.exec(b)![1])] : [])),
  };
}

test(
  'an /events client that does not read is sent the frames it can take, not every frame',
  { timeout: 60_000 },
  async () => {
    const viewer = await startLiveViewer(0);
    viewer.push(Buffer.alloc(1024, 200), { ...UPDATE, frame: -1 });
    const client = await openClient(Number(new URL(viewer.url).port), GET('/events'));
    try {
      await takenThenStalled(client);
      const frames = 40;
      for (let i = 0; i < frames; i++) {
        viewer.push(Buffer.alloc(512 * 1024, i), { ...UPDATE, frame: i });
        await new Promise((r) => setImmediate(r));
      }
      client.socket.resume();
      // A marker frame, offered until it is written: the viewer writes it only once the client has taken all before it.
      const marker = `"frame":${frames * 1000}`;
      const received = await waitFor(
        () => {
          viewer.push(Buffer.alloc(1024, 0xff), { ...UPDATE, frame: frames * 1000 });
          return client.received();
        },
        { what: 'the marker frame to arrive', until: (b) => b.includes(marker), timeoutMs: 30_000, intervalMs: 20 },
      );
      const sent = readEvents(received.subarray(0, received.indexOf(marker))).data.filter((d) => d.frame >= 0).length;
      assert.ok(sent >= 1, 'the client gets frames');
      assert.ok(
        sent < frames / 2,
        `a client that did not read was sent ${sent} of ${frames} frames (the rest is held in memory)`,
      );
    } finally {
      await viewer.end();
      client.socket.destroy();
    }
  },
);

test(
  "each event carries its frame's picture with its results, so the page cannot show one frame's status over another's picture",
  { timeout: 60_000 },
  async () => {
    const viewer = await startLiveViewer(0);
    const client = await openClient(Number(new URL(viewer.url).port), GET('/events'));
    const jpegs = [0, 1, 2].map((i) => Buffer.from(`jpeg of frame ${i}`));
    try {
      for (const [i, jpeg] of jpegs.entries()) {
        viewer.push(jpeg, { ...UPDATE, frame: i });
        await receivedText(client, `"frame":${i}`);
      }
    } finally {
      await viewer.end();
      client.socket.destroy();
    }
    const { data } = readEvents(client.received());
    assert.deepEqual(
      data.map((d) => d.frame),
      [0, 1, 2],
    );
    for (const d of data)
      assert.deepEqual(
        Buffer.from((d.image ?? '').replace(/^data:image\/jpeg;base64,/, ''), 'base64'),
        jpegs[d.frame],
        `frame ${d.frame}`,
      );
  },
);

test(
  'after finish() the page stays: a viewer that connects then gets the last frame and "end"',
  { timeout: 60_000 },
  async () => {
    const viewer = await startLiveViewer(0);
    const client = await openClient(Number(new URL(viewer.url).port), '');
    try {
      viewer.push(Buffer.from('last'), { ...UPDATE, frame: 7 });
      viewer.finish();
      client.socket.write(GET('/events'));
      await receivedText(client, 'event: end');
    } finally {
      await viewer.end();
      client.socket.destroy();
    }
    const { events, data } = readEvents(client.received());
    assert.deepEqual(
      data.map((d) => d.frame),
      [7],
    );
    assert.deepEqual(events, ['end']);
  },
);
