import { access, appendFile, mkdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { FerError } from '../errors.js';

/**
 * An output folder, created and checked for writing up front so that a bad `-o` fails before any work.
 * @example
 * const out = await openOutputDir('out/'); await out.write('a.json', '{}');
 */
export async function openOutputDir(dir: string): Promise<{ dir: string; write(name: string, data: string | Buffer): Promise<string>; append(name: string, data: string): Promise<string> }> {
  const fail = (e: unknown): never => {
    throw new FerError('OUTPUT_UNWRITABLE', `cannot write to output folder: ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'choose a writable folder with -o', { cause: e });
  };
  await mkdir(dir, { recursive: true }).catch(fail);
  await access(dir, constants.W_OK).catch(fail);
  return {
    dir,
    async write(name: string, data: string | Buffer): Promise<string> {
      const path = join(dir, name);
      await writeFile(path, data).catch(fail);
      return path;
    },
    async append(name: string, data: string): Promise<string> {
      const path = join(dir, name);
      await appendFile(path, data).catch(fail);
      return path;
    },
  };
}
