import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const [cmd, args] = process.platform === 'darwin' ? ['open', [path]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', path]] : ['xdg-open', [path]];
  spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
}

/** Escape text for HTML. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/**
 * Serve annotated images on 127.0.0.1 only; resolves with the server and its URL.
 * @example
 * const { url, server } = await serveImages([{ name: 'a.jpg', png }], 0);
 */
export async function serveImages(images: Shown[], port: number): Promise<{ server: Server; url: string }> {
  const page = `<!doctype html><meta charset="utf-8"><title>fer</title><body style="background:#111;color:#eee;font-family:sans-serif">` +
    images.map((im, i) => `<h3>${escapeHtml(im.name)}</h3><img src="/${i}.png" style="max-width:100%">`).join('') + '</body>';
  const server = createServer((req, res) => {
    const m = /^\/(\d+)\.png$/.exec(req.url ?? '');
    if (m && images[Number(m[1])]) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(images[Number(m[1])].png);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return { server, url: `http://127.0.0.1:${actual}/` };
}

/**
 * Show results: the system viewer when there is a desktop and no port was asked for, else a local page
 * served until Ctrl+C. `log` receives the one line saying where to look.
 * @example
 * await displayImages(shown, { port: undefined }, (line) => process.stderr.write(line + '\n'));
 */
export async function displayImages(images: Shown[], options: { port?: number }, log: (line: string) => void): Promise<void> {
  if (options.port === undefined && hasDesktop() && images.length === 1) {
    const path = join(mkdtempSync(join(tmpdir(), 'fer-')), 'annotated.png');
    writeFileSync(path, images[0].png);
    openInViewer(path);
    log(`opened ${path}`);
    return;
  }
  const { server, url } = await serveImages(images, options.port ?? 0);
  log(`showing results at ${url} (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => server.close(() => resolve()));
    process.once('SIGTERM', () => server.close(() => resolve()));
  });
}
