import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeLoopbackServer, listenOnLoopback, refuseForeignRequest } from './loopback-server.js';
import { untilSignal } from '../terminal/signals.js';

/** An annotated image to show. */
export interface Shown {
  name: string;
  png: Buffer;
}

/** Whether a desktop session is available to open a system viewer. */
function hasDesktop(): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Open a file in the platform's default viewer, detached. */
function openInViewer(path: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [path]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', path]]
        : ['xdg-open', [path]];
  spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' })
    .on('error', () => undefined)
    .unref();
}

/** Escape text for HTML. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** A page on 127.0.0.1 listing annotated images as they are added. */
export interface ImageServer {
  url: string;
  add(image: Shown): void;
  close(): Promise<void>;
}

/**
 * Serve annotated images on 127.0.0.1 only (GET/HEAD with a local Host); bound at once, so a busy
 * port fails before any work.
 * @example
 * const server = await serveImages(0); server.add({ name: 'a.jpg', png }); console.log(server.url);
 */
export async function serveImages(port: number): Promise<ImageServer> {
  const images: Shown[] = [];
  const server = createServer((req, res) => {
    if (refuseForeignRequest(req, res)) return;
    const m = /^\/(\d+)\.png$/.exec(req.url ?? '');
    if (m && images[Number(m[1])]) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(images[Number(m[1])].png);
    } else if (req.url === '/' || req.url === '/index.html') {
      const page =
        `<!doctype html><meta charset="utf-8"><title>fer</title><body style="background:#111;color:#eee;font-family:sans-serif">` +
        images.map((im, i) => `<h3>${escapeHtml(im.name)}</h3><img src="/${i}.png" style="max-width:100%">`).join('') +
        '</body>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else res.writeHead(404).end();
  });
  const url = await listenOnLoopback(server, port);
  return {
    url,
    add: (image) => void images.push(image),
    close: () => closeLoopbackServer(server),
  };
}

/**
 * Show results: the system viewer when there is a desktop and no server was asked for, else a local
 * page (the given server, or one on any free port) served until Ctrl+C or SIGTERM. `log` receives the
 * one line saying where to look.
 * @example
 * await displayImages(shown, null, (line) => io.err(line + '\n'));
 */
export async function displayImages(
  images: Shown[],
  server: ImageServer | null,
  log: (line: string) => void,
): Promise<void> {
  if (!server && hasDesktop() && images.length === 1) {
    const path = join(mkdtempSync(join(tmpdir(), 'fer-')), 'annotated.png');
    writeFileSync(path, images[0].png);
    openInViewer(path);
    log(`opened ${path}`);
    return;
  }
  const page = server ?? (await serveImages(0));
  for (const image of images) page.add(image);
  log(`showing results at ${page.url} (Ctrl+C to stop)`);
  await untilSignal();
  await page.close();
}
