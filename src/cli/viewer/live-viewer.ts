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
#status{margin:8px 0;font-size:15px}#faces div{margin:4px 0}small{color:#9aa0a6;margin:0 4px}
.axis{display:inline-block;position:relative;width:160px;height:10px;background:#2a2d33;vertical-align:middle}
.axis::after{content:'';position:absolute;left:79px;top:-3px;width:2px;height:16px;background:#9aa0a6}
.fill{position:absolute;top:0;height:10px}.pos{background:#66bb6a}.neg{background:#ef5350}</style></head>
<body><div id="status">waiting for frames...</div><img id="frame" alt="annotated frame"><div id="faces"></div>
<script>
const status = document.getElementById('status'), faces = document.getElementById('faces');
let shown = null, finished = false;
const signed = (v) => (v < 0 ? '\\u2212' : '+') + Math.abs(v).toFixed(2);
const bar = (name, v) => {
  const x = Math.max(-1, Math.min(1, v));
  return name + ' ' + signed(v) + ' <small>\\u22121</small><span class="axis ' + name + '"><span class="fill ' + (x < 0 ? 'neg' : 'pos') +
    '" style="left:' + (80 + Math.min(0, x) * 80) + 'px;width:' + Math.abs(x) * 80 + 'px"></span></span><small>+1</small>';
};
const describe = () => (shown ? 'frame ' + (shown.frame + 1) + ' at ' + shown.time.toFixed(2) + ' s, ' + shown.faces.length + ' face(s)' : 'no frames') + (finished ? ' (finished)' : '');
const events = new EventSource('/events');
events.onmessage = async (e) => {
  const u = JSON.parse(e.data);
  const next = new Image();
  next.id = 'frame';
  next.alt = 'annotated frame';
  next.src = u.image;
  try { await next.decode(); } catch { return; }
  if (shown && u.frame <= shown.frame) return;
  shown = u;
  document.getElementById('frame').replaceWith(next);
  status.textContent = describe();
  faces.innerHTML = u.faces.map((f) => '<div>face ' + f.id + ': <b>' + f.emotion + '</b> ' + bar('arousal', f.arousal) + ' ' + bar('valence', f.valence) + '</div>').join('');
  document.body.dataset.frames = u.frame + 1;
};
events.addEventListener('end', () => {
  finished = true;
  status.textContent = describe();
  document.body.dataset.finished = 'true';
  events.close();
});
</script></body></html>`;

/** The event that tells the page the input has ended. */
const END = 'event: end\ndata: {}\n\n';

/** The live page `startLiveViewer` returns. */
export interface LiveViewer {
  url: string;
  /** Show a frame and what was found in it (sent together, so the status always describes the picture). */
  push(jpeg: Buffer, update: LiveUpdate): void;
  /** The input has ended: the page says "finished" and keeps the last frame; the server stays up. */
  finish(): void;
  /** Stop serving (again: nothing). */
  end(): Promise<void>;
}

/**
 * A live page on 127.0.0.1 only (GET/HEAD with a local Host header): each annotated frame travels with
 * its results in one server-sent event, and the page swaps picture and status together; the latest
 * frame is kept so late viewers see something at once. A client that does not keep up misses frames
 * (at most one is held for it), and `end()` does not wait for clients.
 * @example
 * const viewer = await startLiveViewer(0); console.log(viewer.url); viewer.push(jpeg, update); viewer.finish();
 */
export async function startLiveViewer(port: number): Promise<LiveViewer> {
  const listeners = new Set<ServerResponse>();
  let latest: string | null = null;
  let finished = false;
  let ended: Promise<void> | null = null;
  const server = createServer((req, res) => {
    if (refuseForeignRequest(req, res)) return;
    if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      listeners.add(res);
      if (latest) res.write(latest);
      if (finished) res.write(END);
      req.on('close', () => listeners.delete(res));
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else res.writeHead(404).end();
  });
  const url = await listenOnLoopback(server, port);
  return {
    url,
    push(jpeg: Buffer, update: LiveUpdate): void {
      latest = `data: ${JSON.stringify({ ...update, image: `data:image/jpeg;base64,${jpeg.toString('base64')}` })}\n\n`;
      for (const res of listeners) writeUnlessBehind(res, [latest]);
    },
    finish(): void {
      if (finished) return;
      finished = true;
      for (const res of listeners) res.write(END);
    },
    end(): Promise<void> {
      ended ??= (async () => {
        for (const res of listeners) res.end(finished ? undefined : END);
        await closeLoopbackServer(server);
      })();
      return ended;
    },
  };
}
