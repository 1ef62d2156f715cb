import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FerError } from '../errors.js';

/**
 * File extensions treated as images when a folder is scanned (.bmp is read through ffmpeg).
 * @example
 * IMAGE_EXTENSIONS.includes('.png'); // true
 */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp'];

/**
 * File extensions treated as videos when a folder is scanned.
 * @example
 * VIDEO_EXTENSIONS.includes('.mkv'); // true
 */
export const VIDEO_EXTENSIONS = [
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.mpg',
  '.mpeg',
  '.wmv',
  '.flv',
  '.ts',
  '.mts',
  '.m2ts',
  '.3gp',
  '.ogv',
];

/** What a file holds, judged by its extension. */
export type FileKind = 'image' | 'video';

/**
 * The kind of a file by its extension, or null when it is neither an image nor a video.
 * @example
 * fileKind('clip.MOV'); // 'video'
 */
export function fileKind(path: string): FileKind | null {
  const ext = extname(path).toLowerCase();
  return IMAGE_EXTENSIONS.includes(ext) ? 'image' : VIDEO_EXTENSIONS.includes(ext) ? 'video' : null;
}

/**
 * Check that a path names a non-empty regular file (INPUT_NOT_FOUND, INPUT_IS_DIRECTORY,
 * INPUT_UNSUPPORTED for devices and pipes, INPUT_EMPTY); `kind` words the message.
 * @example
 * await checkInputFile('clip.mp4', 'video');
 */
export async function checkInputFile(path: string, kind: FileKind = 'image'): Promise<void> {
  const s = await stat(path).catch(() => null);
  const expected = kind === 'image' ? 'an image' : 'a video';
  if (!s) {
    const link = (await lstat(path).catch(() => null))?.isSymbolicLink();
    throw new FerError(
      'INPUT_NOT_FOUND',
      link ? `input is a broken link (its target is missing): ${path}` : `input not found: ${path}`,
      'check the path',
    );
  }
  if (s.isDirectory()) {
    throw new FerError(
      'INPUT_IS_DIRECTORY',
      `input is a directory, expected ${expected} file: ${path}`,
      kind === 'image'
        ? 'pass a file, or use `fer image -i DIR` for every image in a folder'
        : 'pass one video file; for a folder of images use `fer image -i DIR`',
    );
  }
  if (!s.isFile()) {
    const what = s.isFIFO()
      ? 'a named pipe'
      : s.isCharacterDevice()
        ? 'a character device'
        : s.isSocket()
          ? 'a socket'
          : 'not a regular file';
    throw new FerError(
      'INPUT_UNSUPPORTED',
      `input is ${what}, expected ${expected} file: ${path}`,
      kind === 'image'
        ? 'save the image to a file first'
        : 'for a stream or capture device use `fer webcam --input PATH`',
    );
  }
  if (s.size === 0)
    throw new FerError(
      'INPUT_EMPTY',
      `input is an empty file: ${path}`,
      'the file has zero bytes; re-export or re-download it',
    );
}

/**
 * Whether a path is a folder (false for files and missing paths).
 * @example
 * if (await isDirectory(input)) { ... }
 */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** How a folder is scanned. */
export interface ScanOptions {
  /** Kinds of file to list. Default: images only. */
  kinds?: FileKind[];
  /** Descend into subfolders. Default false. */
  recursive?: boolean;
  /** Leave out a file or folder (e.g. fer's own outputs, the output folder). */
  skip?(path: string, isFolder: boolean): boolean;
}

/**
 * The entries of one folder that a scan keeps, recursing when asked (a folder already being walked above,
 * reached again through a link, is not entered twice).
 */
async function walk(dir: string, o: Required<ScanOptions>, above: Set<string>): Promise<string[]> {
  const found: string[] = [];
  const here = new Set(above).add(await realpath(dir));
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const path = join(dir, entry.name);
    const s = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry;
    if (entry.name.startsWith('.')) continue;
    if (!s) {
      if (o.kinds.includes(fileKind(path) as FileKind) && !o.skip(path, false)) found.push(path); // a dangling link: listed, so reading it fails visibly
      continue;
    }
    if (o.skip(path, s.isDirectory())) continue;
    if (s.isDirectory()) {
      if (o.recursive && !here.has(await realpath(path))) found.push(...(await walk(path, o, here)));
    } else if (s.isFile() && o.kinds.includes(fileKind(path) as FileKind)) found.push(path);
  }
  return found;
}

/**
 * The image (and with `kinds` video) files in a folder, sorted by name, hidden entries left out, links
 * followed (a dangling link with an image or video name is listed, so reading it fails visibly): the one
 * folder scan of `fer image -i DIR`, `fer eval` and `fer queue add`.
 * @example
 * await scanFolder('photos/'); // ['photos/a.jpg', 'photos/b.png']
 */
export async function scanFolder(dir: string, options: ScanOptions = {}): Promise<string[]> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${dir}`, 'check the path');
  if (!s.isDirectory()) throw new FerError('INPUT_NOT_FOUND', `not a folder: ${dir}`, 'pass a folder');
  return walk(
    dir,
    { kinds: options.kinds ?? ['image'], recursive: options.recursive ?? false, skip: options.skip ?? (() => false) },
    new Set(),
  );
}
