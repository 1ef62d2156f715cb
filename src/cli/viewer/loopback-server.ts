import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { FerError } from '../../errors.js';

/** Host headers a loopback page answers: 127.0.0.1 or localhost, with or without a port. */
const LOCAL_HOST = /^(127\.0\.0\.1|localhost)(:\d{1,5})?$/i;

/**
 * Refuse requests that a page on another site could make through DNS rebinding (a Host other than
 * 127.0.0.1/localhost: 403) and any method but GET/HEAD (405). Returns true when it answered.
 * @example
 * createServer((req, res) => { if (refuseForeignRequest(req, res)) return; ... });
 */
export function refuseForeignRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return true;
  }
  if (!LOCAL_HOST.test(req.headers.host ?? '')) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: open this page as http://127.0.0.1:PORT/\n');
    return true;
  }
  return false;
}

/**
 * Listen on 127.0.0.1 and resolve with the URL; a busy or forbidden port is a PORT_UNAVAILABLE FerError.
 * @example
 * const url = await listenOnLoopback(createServer(handler), 8080); // 'http://127.0.0.1:8080/'
 */
export async function listenOnLoopback(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'EADDRINUSE'
          ? 'is already in use'
          : e.code === 'EACCES'
            ? 'needs privileges'
            : `cannot be used (${e.code ?? e.message})`;
      reject(
        new FerError(
          'PORT_UNAVAILABLE',
          `port ${port} on 127.0.0.1 ${why}`,
          'pick another --port, or leave --port out to use any free port',
          { cause: e },
        ),
      );
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
}

/** Ms that responses being finished get before a closing server cuts every connection. */
const CLOSE_GRACE_MS = 500;

/**
 * Stop a loopback server now: no new connections, idle ones (a client that connected and sent
 * nothing, a keep-alive socket) closed at once, the rest cut after a short grace, so a stuck or
 * malicious client cannot hold Ctrl+C.
 * @example
 * await closeLoopbackServer(server);
 */
export async function closeLoopbackServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(timer);
}

/**
 * Write one message to a streaming client unless its last one is still unsent (a client that does
 * not read): such a client misses messages instead of holding them all in memory. Returns whether
 * it was written.
 * @example
 * for (const res of clients) writeUnlessBehind(res, [`data: ${json}\n\n`]);
 */
export function writeUnlessBehind(res: ServerResponse, parts: (string | Buffer)[]): boolean {
  if (res.writableLength > 0 || res.destroyed) return false;
  for (const part of parts) res.write(part);
  return true;
}
