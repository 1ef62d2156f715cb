import { createServer, type Socket } from 'node:net';
import { waitFor } from './wait-for.js';

/** A TCP server on 127.0.0.1 that accepts connections and never answers (a hung Redis, camera or stream). */
export interface SilentServer {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open (the client has not closed them). */
  open(): number;
  /** Resolve once `count` connections have been accepted, or reject after `ms`. */
  waitForConnections(count: number, ms: number): Promise<void>;
  /** Resolve once every accepted connection is closed by its client, or reject after `ms`. */
  waitAllClosed(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Start a server on a free loopback port that reads and discards what it gets and never writes. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket
      .on('data', () => undefined)
      .on('error', () => undefined)
      .on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    accepted: () => accepted,
    open: () => sockets.size,
    async waitForConnections(count, ms) {
      await waitFor(() => accepted, { what: `${count} connections accepted`, until: (n) => n >= count, timeoutMs: ms });
    },
    async waitAllClosed(ms) {
      await waitFor(() => sockets.size, {
        what: 'every accepted connection to be closed by its client (open connections seen)',
        until: (n) => n === 0,
        timeoutMs: ms,
      });
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
