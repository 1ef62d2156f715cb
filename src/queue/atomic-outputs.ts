import { randomBytes } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toFerError } from '../errors.js';
import { openOutputDir } from '../io/output-dir.js';

/** Output files written under temporary names, then renamed all at once. */
export interface AtomicOutputs {
  dir: string;
  /** The temporary path to write `name` at (a hidden file in the same folder, same extension). */
  path(name: string): string;
  /** Rename every file to its final name, remove leftovers of earlier (killed) attempts; returns the final paths. */
  commit(): Promise<string[]>;
  /** Delete the temporary files. */
  discard(): Promise<void>;
}

const PREFIX = '.fer-tmp-';
/** A temporary name: prefix, writer's pid and random tag, final name. */
const TEMP_NAME = /^\.fer-tmp-\d+-[0-9a-f]{8}-(.+)$/;

/**
 * Open an output folder for all-or-nothing results: a reader never sees half a CSV, and a job redone
 * after a crash overwrites the final files instead of appending to them.
 * @example
 * const out = await openAtomicOutputs('/nfs/out'); writeFileSync(out.path('a_fer.csv'), csv); await out.commit();
 */
export async function openAtomicOutputs(dir: string): Promise<AtomicOutputs> {
  await openOutputDir(dir);
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const names: string[] = [];
  const temp = (name: string): string => join(dir, `${PREFIX}${token}-${name}`);
  return {
    dir,
    path(name: string): string {
      if (!names.includes(name)) names.push(name);
      return temp(name);
    },
    async commit(): Promise<string[]> {
      try {
        for (const name of names) await rename(temp(name), join(dir, name));
      } catch (e) {
        throw toFerError(e, 'OUTPUT_UNWRITABLE', `cannot write results to ${dir} (${(e as NodeJS.ErrnoException).code})`, 'check the output folder and free disk space');
      }
      const stale = (await readdir(dir)).filter((f) => names.includes(TEMP_NAME.exec(f)?.[1] ?? ''));
      await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
      return names.map((n) => join(dir, n));
    },
    async discard(): Promise<void> {
      await Promise.all(names.map((n) => rm(temp(n), { force: true })));
    },
  };
}
