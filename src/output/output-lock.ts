import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FerError } from '../errors.js';
import { writeFailure } from '../io/write-failure.js';
import { lockName } from './output-names.js';

/** How often a holder touches its lock, and how old an untouched lock must be to count as abandoned. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;

/** Who holds a lock. */
interface Holder {
  host: string;
  pid: number;
}

/** Whether a process of this machine is alive. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder of an existing lock while it is in force; null once abandoned (its process gone, or not touched for STALE_MS). */
async function liveHolder(path: string): Promise<Holder | null> {
  const [text, s] = await Promise.all([readFile(path, 'utf8').catch(() => ''), stat(path).catch(() => null)]);
  if (!s) return null;
  let holder: Holder = { host: '?', pid: 0 };
  try {
    holder = JSON.parse(text) as Holder;
  } catch {
    // a lock being written right now: its age below decides
  }
  if (holder.host === hostname() && Number.isInteger(holder.pid) && !isAlive(holder.pid)) return null;
  return Date.now() - s.mtimeMs < STALE_MS ? holder : null;
}

/**
 * Take the lock on a stem's result files in a folder, or fail with OUTPUT_LOCKED naming the run that
 * holds it. The holder touches it every 10 s; a lock whose process is gone (same machine) or that was
 * not touched for a minute (a holder killed on another machine sharing the folder, or a reused pid) is
 * taken over. Release it when the files are committed or discarded.
 * @example
 * const lock = await lockOutputs('out', 'clip'); try { ... } finally { await lock.release(); }
 */
export async function lockOutputs(dir: string, stem: string): Promise<{ release(): Promise<void> }> {
  const path = join(dir, lockName(stem));
  for (let tries = 0; ; tries++) {
    const file = await open(path, 'wx').catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw writeFailure(e, path);
      return null;
    });
    if (file) {
      const written = await file.writeFile(JSON.stringify({ host: hostname(), pid: process.pid })).then(() => null, (e: unknown) => e);
      await file.close();
      if (written === null) break;
      await rm(path, { force: true });
      throw writeFailure(written, path);
    }
    const holder = await liveHolder(path);
    if (holder || tries > 2) {
      const who = holder ? `pid ${holder.pid} on ${holder.host}` : 'another run';
      throw new FerError('OUTPUT_LOCKED', `another fer (${who}) is writing the results for "${stem}" in ${dir}`, `wait for it to finish, or choose another folder with -o; if no fer is running, delete ${path}`);
    }
    await rm(path, { force: true });
  }
  const heartbeat = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), HEARTBEAT_MS).unref();
  let released = false;
  return {
    async release(): Promise<void> {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      await rm(path, { force: true });
    },
  };
}
