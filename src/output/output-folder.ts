import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FerError } from '../errors.js';
import { outputHint } from '../io/write-failure.js';
import { lockOutputs } from './output-lock.js';

/**
 * A folder that receives result files under hidden temporary names; `commit` renames them to their
 * final names, so every result file is either complete or absent under its final name.
 */
export interface OutputFolder {
  dir: string;
  /** The temporary path to write `name` at (a hidden file in the same folder). */
  path(name: string): string;
  /** Give up one file: its temporary file is removed and it is not committed. */
  drop(name: string): Promise<void>;
  /** Rename every file to its final name, remove leftovers of earlier (killed) runs, release the lock; returns the final paths. */
  commit(): Promise<string[]>;
  /** Delete the temporary files and release the lock. */
  discard(): Promise<void>;
}

const PREFIX = '.fer-tmp-';
/** A temporary name: prefix, writer's pid and random tag, final name. */
const TEMP_NAME = /^\.fer-tmp-\d+-[0-9a-f]{8}-(.+)$/;

/** OUTPUT_UNWRITABLE for the folder, with the system error code and a hint that fits it. */
function folderFailure(dir: string, e: unknown): FerError {
  const code = (e as NodeJS.ErrnoException).code;
  return new FerError(
    'OUTPUT_UNWRITABLE',
    `cannot write to output folder: ${dir} (${code ?? (e as Error).message})`,
    outputHint(code),
    { cause: e },
  );
}

/**
 * Open an output folder for the results named after `stem`: created and checked for writing up front
 * (so a bad `-o` fails before any work) and locked against another run writing the same stem.
 * `fer video -o`, `fer image -o` and the queue worker all write through it.
 * @example
 * const out = await openOutputFolder('out', 'clip'); writeFileSync(out.path(videoOutputNames('clip').csv), csv); await out.commit();
 */
export async function openOutputFolder(dir: string, stem: string): Promise<OutputFolder> {
  await mkdir(dir, { recursive: true }).catch((e) => {
    throw folderFailure(dir, e);
  });
  await access(dir, constants.W_OK).catch((e) => {
    throw folderFailure(dir, e);
  });
  const lock = await lockOutputs(dir, stem);
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const names: string[] = [];
  const temp = (name: string): string => join(dir, `${PREFIX}${token}-${name}`);
  return {
    dir,
    path(name: string): string {
      if (!names.includes(name)) names.push(name);
      return temp(name);
    },
    async drop(name: string): Promise<void> {
      if (names.includes(name)) names.splice(names.indexOf(name), 1);
      await rm(temp(name), { force: true });
    },
    async commit(): Promise<string[]> {
      try {
        for (const name of names) await rename(temp(name), join(dir, name));
        const stale = (await readdir(dir)).filter((f) => names.includes(TEMP_NAME.exec(f)?.[1] ?? ''));
        await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
      } catch (e) {
        throw folderFailure(dir, e);
      } finally {
        await lock.release();
      }
      return names.map((n) => join(dir, n));
    },
    async discard(): Promise<void> {
      await Promise.all(names.map((n) => rm(temp(n), { force: true })));
      await lock.release();
    },
  };
}
