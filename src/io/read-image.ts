import { open, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { FerError, toFerError } from '../errors.js';
import type { ImageInput, RawImage } from '../types.js';
import { convertToPng, SNIFF_BYTES, sniffFfmpegImage } from './ffmpeg-image.js';

/** File extensions treated as images when a folder is scanned (.bmp is read through ffmpeg). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp'];

/**
 * The largest image fer reads whatever --max-pixels says, for every engine: face-api's detector (engine
 * tfjs) holds the frame twice (int32 and float32, 12 bytes a pixel each) in WebAssembly memory, which
 * ends at 4 GiB, with a third left for the rest (an 11500x11500 PNG was measured to pass at 4 GB RSS).
 * Larger images fail from their header with INPUT_TOO_LARGE instead of reaching an allocation that
 * cannot succeed (a 30000x30000 PNG used to fail after minutes with "Invalid typed array length").
 */
export const PIXEL_CEILING = Math.floor(2 ** 32 / 32);

/** The pixel limit in force: the caller's, capped at what the process can hold. */
function effectiveLimit(maxPixels: number): number {
  return Math.min(maxPixels, PIXEL_CEILING);
}

/** INPUT_TOO_LARGE naming the image, its size and the limit it broke. */
function tooLarge(name: string, width: number, height: number, maxPixels: number): FerError {
  const size = `${width}x${height} (${width * height} pixels)`;
  if (maxPixels > PIXEL_CEILING) return new FerError('INPUT_TOO_LARGE', `image too large: ${name} is ${size}; fer can process at most ${PIXEL_CEILING} pixels`, 'downscale it (the detector looks at a 512x512 copy anyway)');
  return new FerError('INPUT_TOO_LARGE', `image too large: ${name} is ${size}, over the limit of ${maxPixels} pixels`, `downscale it, or raise --max-pixels (up to ${PIXEL_CEILING})`);
}

/**
 * Check that a path names a non-empty regular file (INPUT_NOT_FOUND, INPUT_IS_DIRECTORY,
 * INPUT_UNSUPPORTED for devices and pipes, INPUT_EMPTY); `kind` words the message.
 * @example
 * await checkInputFile('clip.mp4', 'video');
 */
export async function checkInputFile(path: string, kind: 'image' | 'video' = 'image'): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${path}`, 'check the path');
  if (s.isDirectory()) {
    throw new FerError('INPUT_IS_DIRECTORY', `input is a directory, expected ${kind === 'image' ? 'an image' : 'a video'} file: ${path}`,
      kind === 'image' ? 'pass a file, or use `fer image -i DIR` for every image in a folder' : 'pass one video file; for a folder of images use `fer image -i DIR`');
  }
  if (!s.isFile()) {
    const what = s.isFIFO() ? 'a named pipe' : s.isCharacterDevice() ? 'a character device' : s.isSocket() ? 'a socket' : 'not a regular file';
    throw new FerError('INPUT_UNSUPPORTED', `input is ${what}, expected ${kind === 'image' ? 'an image' : 'a video'} file: ${path}`,
      kind === 'image' ? 'save the image to a file first' : 'for a stream or capture device use `fer webcam --input PATH`');
  }
  if (s.size === 0) throw new FerError('INPUT_EMPTY', `input is an empty file: ${path}`, 'the file has zero bytes; re-export or re-download it');
}

/**
 * `checkInputFile` for an image.
 * @example
 * await checkImageFile('a.jpg');
 */
export function checkImageFile(path: string): Promise<void> {
  return checkInputFile(path, 'image');
}

/** Map a sharp failure to a FerError naming the input (the original error is kept as `cause`). */
async function classify(error: unknown, input: string | Buffer, name: string, maxPixels: number): Promise<FerError> {
  const msg = String((error as Error)?.message ?? error);
  if (/pixel limit/i.test(msg)) {
    const meta = await sharp(input, { limitInputPixels: false }).metadata().catch(() => null);
    const e = tooLarge(name, meta?.width ?? 0, meta?.height ?? 0, maxPixels);
    return new FerError(e.code, e.message, e.hint, { cause: error });
  }
  if (/unsupported image format|bad seek|unknown file format/i.test(msg)) return new FerError('INPUT_UNSUPPORTED', `unsupported image format: ${name}`, `expected one of ${IMAGE_EXTENSIONS.join(' ')}`, { cause: error });
  return toFerError(error, 'INPUT_CORRUPT', `corrupt or truncated image: ${name} (${msg.split('\n')[0]})`, 'the file could not be decoded; check it opens in an image viewer');
}

/** The first bytes of a file or buffer. */
async function readHead(input: string | Buffer): Promise<Buffer> {
  if (typeof input !== 'string') return input.subarray(0, SNIFF_BYTES);
  const file = await open(input, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Formats sharp lacks (BMP) go through ffmpeg to PNG, after the size in their header is checked. */
async function toSharpInput(input: string | Buffer, name: string, maxPixels: number): Promise<string | Buffer> {
  const format = sniffFfmpegImage(await readHead(input));
  if (!format) return input;
  if (format.width * format.height > effectiveLimit(maxPixels)) throw tooLarge(name, format.width, format.height, maxPixels);
  return convertToPng(input, format.demuxer, name);
}

/**
 * Decode a path, an encoded Buffer or raw pixels to RGB, honouring EXIF orientation and a pixel limit
 * (capped at PIXEL_CEILING); BMP is read through ffmpeg.
 * @example
 * const img = await readImage('media/astronaut.png', 50_000_000); // { width: 512, height: 512, channels: 3, data }
 */
export async function readImage(input: ImageInput, maxPixels: number): Promise<RawImage> {
  if (typeof input === 'object' && !Buffer.isBuffer(input) && 'data' in input) return toRgb(input, maxPixels);
  const name = typeof input === 'string' ? input : 'buffer input';
  if (typeof input === 'string') await checkInputFile(input);
  else if (input.length === 0) throw new FerError('INPUT_EMPTY', 'input buffer is empty', 'pass the bytes of an encoded image');
  const source = await toSharpInput(input, name, maxPixels);
  try {
    const { data, info } = await sharp(source, { limitInputPixels: effectiveLimit(maxPixels), failOn: 'error' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw await classify(e, source, name, maxPixels);
  }
}

/** Validate raw pixels and drop an alpha channel. */
function toRgb(input: { width: number; height: number; channels: number; data: Uint8Array }, maxPixels: number): RawImage {
  const { width, height, channels, data } = input;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || (channels !== 3 && channels !== 4) || data.length !== width * height * channels) {
    throw new FerError('INPUT_CORRUPT', `raw pixel input does not match its size: ${width}x${height}x${channels} vs ${data.length} bytes`, 'pass { width, height, channels: 3 | 4, data } with width*height*channels bytes');
  }
  if (width * height > effectiveLimit(maxPixels)) throw tooLarge('raw pixel input', width, height, maxPixels);
  if (channels === 3) return { width, height, channels: 3, data };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) rgb.set(data.subarray(i, i + 3), j);
  return { width, height, channels: 3, data: rgb };
}
