import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The redistributable sample image shipped in media/. */
export const ASTRONAUT = join(ROOT, 'media', 'astronaut.png');
/** The shared folder beside the project root (absent on some machines). */
export const SHARED = join(ROOT, '..', 'shared');

/** A fresh temporary folder. */
export function tempDir(prefix = 'fer-t-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Files that must each fail with a clear error: name -> [path, expected FerError code]. */
export function badInputs(): Record<string, [string, string]> {
  const dir = tempDir('fer-bad-');
  const png = readFileSync(ASTRONAUT);
  const write = (name: string, data: Buffer | string): string => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  mkdirSync(join(dir, 'folder.jpg'));
  return {
    missing: [join(dir, 'nope.jpg'), 'INPUT_NOT_FOUND'],
    directory: [join(dir, 'folder.jpg'), 'INPUT_IS_DIRECTORY'],
    empty: [write('empty.jpg', ''), 'INPUT_EMPTY'],
    text: [write('notes.png', 'just some text, not an image\n'), 'INPUT_UNSUPPORTED'],
    truncated: [write('truncated.png', png.subarray(0, Math.floor(png.length / 3))), 'INPUT_CORRUPT'],
  };
}

/** A folder with class subfolders holding copies of the sample image. */
export function classFolders(spec: Record<string, number>): string {
  const dir = tempDir('fer-eval-');
  for (const [cls, n] of Object.entries(spec)) {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < n; i++) copyFileSync(ASTRONAUT, join(dir, cls, `${i}.png`));
  }
  return dir;
}
