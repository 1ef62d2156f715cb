import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { FerError } from '../errors.js';
import { checkInputFile, IMAGE_EXTENSIONS } from '../io/read-image.js';

/** File extensions treated as videos when a folder is scanned. */
export const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.mpg', '.mpeg', '.wmv', '.flv', '.ts', '.mts', '.m2ts', '.3gp', '.ogv'];

/** One file to analyse and where its outputs go. */
export interface InputTarget {
  kind: 'video' | 'image';
  input: string;
  output: string;
  size: number;
  mtimeMs: number;
}

/** The kind of a file by its extension, or null when a folder scan should pass it over. */
function kindOf(path: string): 'video' | 'image' | null {
  const ext = extname(path).toLowerCase();
  return IMAGE_EXTENSIONS.includes(ext) ? 'image' : VIDEO_EXTENSIONS.includes(ext) ? 'video' : null;
}

/** Every video and image file below a folder (hidden entries and the output folder left out). */
async function walk(dir: string, skip: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.') || path === skip) continue;
    if (entry.isDirectory()) found.push(...(await walk(path, skip)));
    else if (kindOf(path) && (entry.isFile() || (await stat(path).catch(() => null))?.isFile())) found.push(path);
  }
  return found;
}

/**
 * Absolute input files with their output folders: a file goes to `output`, a folder is scanned
 * recursively and its subfolders are mirrored under `output`. Throws INPUT_NOT_FOUND for a missing
 * path and INVALID_OPTION when two inputs would write the same output files.
 * @example
 * await expandInputs(['media/'], '/nfs/out'); // [{ kind: 'video', input: '/…/media/a.mp4', output: '/nfs/out', … }]
 */
export async function expandInputs(paths: string[], output: string): Promise<InputTarget[]> {
  const targets = new Map<string, InputTarget>();
  for (const path of paths.map((p) => resolve(p))) {
    const s = await stat(path).catch(() => null);
    if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${path}`, 'check the path');
    const files = s.isDirectory() ? (await walk(path, output)).map((f) => ({ f, out: join(output, relative(path, join(f, '..'))) })) : [{ f: path, out: output }];
    if (!s.isDirectory()) await checkInputFile(path, kindOf(path) ?? 'video');
    for (const { f, out } of files) {
      const key = join(out, basename(f, extname(f)));
      const known = targets.get(key);
      if (known && known.input !== f) throw new FerError('INVALID_OPTION', `${known.input} and ${f} would both write ${key}_fer.*`, 'queue them with different -o folders');
      const fs = f === path ? s : await stat(f);
      targets.set(key, { kind: kindOf(f) ?? 'video', input: f, output: out, size: fs.size, mtimeMs: fs.mtimeMs });
    }
  }
  return [...targets.values()];
}
