import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FerError } from '../errors.js';
import { writeFailure } from '../io/write-failure.js';
import { lockName } from './output-names.js';

/** How often a holder touches its lock, and how old an untouched lock must be to count as abandoned. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;
/** How long an empty or unreadable lock counts as one being written (by a fer that writes it in two steps) before it counts as abandoned. */
const UNREADABLE_GRACE_MS = 5_000;

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

/** The holder a lock file names, or null when it is empty or not a `{ host, pid }` object. */
function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder> | null;
    return h && typeof h.host === 'string' && h.host !== '' && Number.isInteger(h.pid) && h.pid! > 0
      ? { host: h.host, pid: h.pid! }
      : null;
  } catch {
    return null;
  }
}

/**
 * The holder of an existing lock while it is in force ('unknown' for a fresh lock not readable yet);
 * null once abandoned: its process gone, not touched for STALE_MS, or unreadable for UNREADABLE_GRACE_MS.
 */
async function liveHolder(path: string): Promise<Holder | 'unknown' | null> {
  const [text, s] = await Promise.all([readFile(path, 'utf8').catch(() => ''), stat(path).catch(() => null)]);
  if (!s) return null;
  const age = Date.now() - s.mtimeMs;
  const holder = parseHolder(text);
  if (!holder) return age < UNREADABLE_GRACE_MS ? 'unknown' : null;
  if (holder.host === hostname() && !isAlive(holder.pid)) return null;
  return age < STALE_MS ? holder : null;
}

/** Create the lock file with its holder already in it (written aside, then hard-linked in place), so it is never seen empty; false when it exists. */
async function createLock(path: string, text: string): Promise<boolean> {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(aside, text, { flag: 'wx' });
    await link(aside, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createLockInPlace(path, text); // no hard links here
    throw writeFailure(e, path);
  } finally {
    await rm(aside, { force: true });
  }
}

/** Create the lock file and then write it (where hard links are not available); false when it exists. */
async function createLockInPlace(path: string, text: string): Promise<boolean> {
  const file = await open(path, 'wx').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw writeFailure(e, path);
    return null;
  });
  if (!file) return false;
  const written = await file.writeFile(text).then(
    () => null,
    (e: unknown) => e,
  );
  await file.close();
  if (written === null) return true;
  await rm(path, { force: true });
  throw writeFailure(written, path);
}

/**
 * Take the lock on a stem's result files in a folder, or fail with OUTPUT_LOCKED naming the run that
 * holds it. The holder touches it every 10 s; a lock whose process is gone (same machine), that was
 * not touched for a minute (a holder killed on another machine sharing the folder, or a reused pid),
 * or that is empty or unreadable for 5 s (a holder killed while writing it) is taken over. Release it
 * when the files are committed or discarded.
 * @example
 * const lock = await lockOutputs('out', 'clip'); try { ... } finally { await lock.release(); }
 */
export async function lockOutputs(dir: string, stem: string): Promise<{ release(): Promise<void> }> {
  const path = join(dir, lockName(stem));
  const me = JSON.stringify({ host: hostname(), pid: process.pid });
  for (let tries = 0; !(await createLock(path, me)); tries++) {
    const holder = await liveHolder(path);
    if (holder || tries > 2) {
      const who = holder && holder !== 'unknown' ? `pid ${holder.pid} on ${holder.host}` : 'another run';
      throw new FerError(
        'OUTPUT_LOCKED',
        `another fer (${who}) is writing the results for "${stem}" in ${dir}`,
        `wait for it to finish, or choose another folder with -o; if no fer is running, delete ${path}`,
      );
    }
    await rm(path, { force: true });
  }
  const heartbeat = setInterval(
    () => void utimes(path, new Date(), new Date()).catch(() => undefined),
    HEARTBEAT_MS,
  ).unref();
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
