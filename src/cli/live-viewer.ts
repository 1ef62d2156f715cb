import { createServer, type ServerResponse } from 'node:http';
import { closeLoopbackServer, listenOnLoopback, refuseForeignRequest, writeUnlessBehind } from './loopback-server.js';

/** What the page shows beside the frame. */
export interface LiveUpdate {
  frame: number;
  time: number;
  faces: { id: number; emotion: string; arousal: number; valence: number }[];
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>fer live</title>
<style>body{background:#111317;color:#e8eaed;font-family:sans-serif;margin:16px}img{max-width:100%;border:1px solid #333}
#status{margin:8px 0;font-size:15px}.bar{display:inline-block;height:10px;background:#66bb6a;vertical-align:middle}</style></head>
<body><div id="status">waiting for frames...</div><img id="frame" src="/stream" alt="annotated frame"><div id="faces"></div>
<script>
const status = document.getElementById('status'), faces = document.getElementById('faces');
const events = new EventSource('/events');
events.onmessage = (e) => {
  const u = JSON.parse(e.data);
  document.body.dataset.frames = u.frame + 1;
  status.textContent = 'frame ' + (u.frame + 1) + ' at ' + u.time.toFixed(2) + ' s, ' + u.faces.length + ' face(s)';
  faces.innerHTML = u.faces.map((f) => '<div>face ' + f.id + ': <b>' + f.emotion + '</b> arousal ' + f.arousal.toFixed(2) +
    ' <span class="bar" style="width:' + Math.round(Math.abs(f.arousal) * 80) + 'px"></span> valence ' + f.valence.toFixed(2) +
    ' <span class="bar" style="width:' + Math.round(Math.abs(f.valence) * 80) + 'px"></span></div>').join('');
};
events.addEventListener('end', () => { status.textContent += ' (finished)'; events.close(); });
</script></body></html>`;

/**
 * A live page on 127.0.0.1 only (GET/HEAD with a local Host header): the annotated frames as an MJPEG stream and the results as
 * server-sent events; the latest frame is kept so late viewers see something at once. A client that
 * does not keep up misses frames (at most one is held for it), and `end()` does not wait for clients.
 * @example
 * const viewer = await startLiveViewer(0); console.log(viewer.url); viewer.push(jpeg, update);
 */
export async function startLiveViewer(port: number): Promise<{ url: string; push(jpeg: Buffer, update: LiveUpdate): void; end(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  const listeners = new Set<ServerResponse>();
  let latest: Buffer | null = null;
  let lastUpdate: LiveUpdate | null = null;
  const sendFrame = (res: ServerResponse, jpeg: Buffer): void => {
    writeUnlessBehind(res, [`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, jpeg, '\r\n']);
  };
  const server = createServer((req, res) => {
    if (refuseForeignRequest(req, res)) return;
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame', 'cache-control': 'no-store' });
      streams.add(res);
      if (latest) sendFrame(res, latest);
      req.on('close', () => streams.delete(res));
    } else if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      listeners.add(res);
      if (lastUpdate) res.write(`data: ${JSON.stringify(lastUpdate)}\n\n`);
      req.on('close', () => listeners.delete(res));
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else res.writeHead(404).end();
  });
  const url = await listenOnLoopback(server, port);
  return {
    url,
    push(jpeg: Buffer, update: LiveUpdate): void {
      latest = jpeg;
      lastUpdate = update;
      for (const res of streams) sendFrame(res, jpeg);
      for (const res of listeners) writeUnlessBehind(res, [`data: ${JSON.stringify(update)}\n\n`]);
    },
    async end(): Promise<void> {
      for (const res of listeners) res.end('event: end\ndata: {}\n\n');
      for (const res of streams) res.end();
      await closeLoopbackServer(server);
    },
  };
}
