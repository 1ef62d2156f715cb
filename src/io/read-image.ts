import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { FerError, toFerError } from '../errors.js';
import type { ImageInput, RawImage } from '../types.js';

/** File extensions treated as images when a folder is scanned. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp'];

/**
 * Check that a path names a non-empty regular file (INPUT_NOT_FOUND, INPUT_IS_DIRECTORY, INPUT_EMPTY).
 * @example
 * await checkImageFile("a.jpg");
 */
export async function checkImageFile(path: string): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${path}`, 'check the path');
  if (s.isDirectory()) throw new FerError('INPUT_IS_DIRECTORY', `input is a directory, expected an image file: ${path}`, 'pass a file, or use `fer image -i DIR` for every image in a folder');
  if (s.size === 0) throw new FerError('INPUT_EMPTY', `input is an empty file: ${path}`, 'the file has zero bytes; re-export or re-download it');
}

/** Map a sharp failure to a FerError naming the input. */
function classify(error: unknown, name: string, maxPixels: number): FerError {
  const msg = String((error as Error)?.message ?? error);
  if (/pixel limit/i.test(msg)) return new FerError('INPUT_TOO_LARGE', `image too large: ${name} exceeds ${maxPixels} pixels`, 'downscale it, or raise --max-pixels');
  if (/unsupported image format|bad seek|unknown file format/i.test(msg)) return new FerError('INPUT_UNSUPPORTED', `unsupported image format: ${name}`, `expected one of ${IMAGE_EXTENSIONS.join(' ')}`);
  return toFerError(error, 'INPUT_CORRUPT', `corrupt or truncated image: ${name} (${msg.split('\n')[0]})`, 'the file could not be decoded; check it opens in an image viewer');
}

/**
 * Decode a path, an encoded Buffer or raw pixels to RGB, honouring EXIF orientation and a pixel limit.
 * @example
 * const img = await readImage('media/astronaut.png', 50_000_000); // { width: 512, height: 512, channels: 3, data }
 */
export async function readImage(input: ImageInput, maxPixels: number): Promise<RawImage> {
  if (typeof input === 'object' && !Buffer.isBuffer(input) && 'data' in input) return toRgb(input, maxPixels);
  const name = typeof input === 'string' ? input : 'buffer input';
  if (typeof input === 'string') await checkImageFile(input);
  else if (input.length === 0) throw new FerError('INPUT_EMPTY', 'input buffer is empty', 'pass the bytes of an encoded image');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw classify(e, name, maxPixels);
  }
}

/** Validate raw pixels and drop an alpha channel. */
function toRgb(input: { width: number; height: number; channels: number; data: Uint8Array }, maxPixels: number): RawImage {
  const { width, height, channels, data } = input;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || (channels !== 3 && channels !== 4) || data.length !== width * height * channels) {
    throw new FerError('INPUT_CORRUPT', `raw pixel input does not match its size: ${width}x${height}x${channels} vs ${data.length} bytes`, 'pass { width, height, channels: 3 | 4, data } with width*height*channels bytes');
  }
  if (width * height > maxPixels) throw new FerError('INPUT_TOO_LARGE', `image too large: ${width}x${height} exceeds ${maxPixels} pixels`, 'downscale it, or raise --max-pixels');
  if (channels === 3) return { width, height, channels: 3, data };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) rgb.set(data.subarray(i, i + 3), j);
  return { width, height, channels: 3, data: rgb };
}
