import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The redistributable sample image shipped in media/. */
export const ASTRONAUT = join(ROOT, 'media', 'astronaut.png');
/** The shared folder beside the project root (absent on some machines). */
export const SHARED = join(ROOT, '..', 'shared');

/** Temporary folders made by this test process, removed when it exits. */
const made: string[] = [];

process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, deleted when the test process exits. */
export function tempDir(prefix = 'fer-t-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
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

/** CRC-32 of PNG chunks. */
function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** One PNG chunk. */
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid black 1-bit greyscale PNG of any size (a 30000x30000 one is about 100 kB), written to a temporary folder. */
export function blackPng(width: number, height: number): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const path = join(tempDir('fer-png-'), `black-${width}x${height}.png`);
  writeFileSync(path, png);
  return path;
}
