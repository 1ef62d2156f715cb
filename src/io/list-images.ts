import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FerError } from '../errors.js';
import { IMAGE_EXTENSIONS } from './read-image.js';

/**
 * The image files directly inside a folder, sorted by name.
 * @example
 * await listImages('photos/'); // ['photos/a.jpg', 'photos/b.png']
 */
export async function listImages(dir: string): Promise<string[]> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${dir}`, 'check the path');
  if (!s.isDirectory()) throw new FerError('INPUT_NOT_FOUND', `not a folder: ${dir}`, 'pass a folder');
  const names = (await readdir(dir)).filter((n) => IMAGE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
  return names.map((n) => join(dir, n));
}

/**
 * Whether a path is a folder (false for files and missing paths).
 * @example
 * if (await isDirectory(input)) { ... }
 */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
