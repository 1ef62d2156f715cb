import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** Ms each sniff gets: enough for a handshake or a PING on a reachable server. */
const SNIFF_MS = 2000;

/** Where a Redis URL points. */
function endpoint(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379) };
}

/** Resolve with what `watch` concludes about a socket, or false on an error, a close or after `ms`; the socket is destroyed either way. */
function judgeSocket(
  socket: Socket,
  ms: number,
  watch: (conclude: (answer: boolean) => void) => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    const conclude = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => conclude(false), ms);
    socket.once('error', () => conclude(false));
    socket.once('close', () => conclude(false));
    watch(conclude);
  });
}

/** Whether the server answers a plain-text PING with a Redis reply (`+PONG`, `-NOAUTH …`): a Redis without TLS. */
function speaksPlainRedis(url: string, ms = SNIFF_MS): Promise<boolean> {
  const socket = connectTcp(endpoint(url));
  return judgeSocket(socket, ms, (conclude) => {
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => conclude(/^[+-][A-Za-z]/.test(d.toString('latin1'))));
  });
}

/** Whether the server completes a TLS handshake (whatever its certificate): a Redis that expects TLS. */
function speaksTls(url: string, ms = SNIFF_MS): Promise<boolean> {
  const { host, port } = endpoint(url);
  const socket = connectTls({
    host,
    port,
    rejectUnauthorized: false,
    servername: /^[\d.:]+$/.test(host) ? undefined : host,
  });
  return judgeSocket(socket, ms, (conclude) => socket.once('secureConnect', () => conclude(true)));
}

/** What is wrong and what to do when a URL's scheme does not fit its server. */
export interface TlsMismatch {
  problem: string;
  hint: string;
}

/**
 * Why a URL's scheme does not fit its server, or null: `rediss://` to a Redis without TLS, or
 * `redis://` to one that expects TLS. Asked only once a connection has failed or is slow.
 * @example
 * await findTlsMismatch('rediss://127.0.0.1:6379'); // { problem: 'the server answers without TLS, …', hint: 'use redis://…' }
 */
export async function findTlsMismatch(url: string): Promise<TlsMismatch | null> {
  if (new URL(url).protocol === 'rediss:') {
    return (await speaksPlainRedis(url))
      ? {
          problem: 'the server answers without TLS, but rediss:// asks for TLS',
          hint: 'use redis:// for this server, or enable TLS on it (its tls-port setting) and use that port',
        }
      : null;
  }
  return (await speaksTls(url))
    ? {
        problem: 'the server expects TLS, but redis:// asks for a plain connection',
        hint: 'use rediss:// for this server (with NODE_EXTRA_CA_CERTS=ca.pem for a private certificate authority)',
      }
    : null;
}
