import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { serveImages } from '../../../src/cli/viewer/display.js';
import { startLiveViewer } from '../../../src/cli/viewer/live-viewer.js';

/** Send one request with a chosen method and Host header; resolves with the status code. */
function send(url: string, path: string, method: string, host: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, method, setHost: false, headers: host ? { host } : {} },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The Host/method cases every loopback page must answer the same way. */
async function checkPage(url: string): Promise<void> {
  const port = new URL(url).port;
  assert.equal(await send(url, '/', 'GET', `127.0.0.1:${port}`), 200);
  assert.equal(await send(url, '/', 'GET', `localhost:${port}`), 200);
  assert.equal(await send(url, '/', 'HEAD', 'localhost'), 200);
  assert.equal(await send(url, '/', 'GET', `attacker.example:${port}`), 403, 'a rebound DNS name is refused');
  assert.equal(await send(url, '/', 'GET', `127.0.0.1.attacker.example:${port}`), 403);
  assert.ok(
    [400, 403].includes(await send(url, '/', 'GET', '')),
    'no Host header is refused (Node answers 400 itself)',
  );
  assert.equal(await send(url, '/', 'POST', `127.0.0.1:${port}`), 405);
  assert.equal(await send(url, '/', 'DELETE', `127.0.0.1:${port}`), 405);
}

test('the live viewer answers only GET/HEAD with a 127.0.0.1 or localhost Host', async () => {
  const viewer = await startLiveViewer(0);
  try {
    await checkPage(viewer.url);
    assert.equal(
      await send(viewer.url, '/events', 'GET', 'evil.example'),
      403,
      'the frame events themselves are refused to other hosts',
    );
  } finally {
    await viewer.end();
  }
});

test('the image page of fer image -d answers only GET/HEAD with a local Host', async () => {
  const server = await serveImages(0);
  try {
    server.add({ name: 'a.png', png: Buffer.from('png') });
    await checkPage(server.url);
    assert.equal(await send(server.url, '/0.png', 'GET', 'evil.example'), 403);
    assert.equal(await send(server.url, '/0.png', 'GET', 'localhost'), 200);
  } finally {
    await server.close();
  }
});
