import { open } from 'node:fs/promises';
import { FerError, toFerError } from '../errors.js';
import { DEFAULTS } from '../options.js';
import type { ImageInput, RawImage } from '../types.js';
import { describeValue, invalidParameterError, is } from '../validate.js';
import { convertToPng, SNIFF_BYTES, sniffFfmpegImage } from './ffmpeg-image.js';
import { checkInputFile, IMAGE_EXTENSIONS } from './input-file.js';
import { loadSharp } from './load-sharp.js';

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
  if (maxPixels > PIXEL_CEILING)
    return new FerError(
      'INPUT_TOO_LARGE',
      `image too large: ${name} is ${size}; fer can process at most ${PIXEL_CEILING} pixels`,
      'downscale it (the detector looks at a 512x512 copy anyway)',
    );
  return new FerError(
    'INPUT_TOO_LARGE',
    `image too large: ${name} is ${size}, over the limit of ${maxPixels} pixels`,
    `downscale it, or raise --max-pixels (up to ${PIXEL_CEILING})`,
  );
}

/** Map a sharp failure to a FerError naming the input (the original error is kept as `cause`). */
async function classify(error: unknown, input: string | Buffer, name: string, maxPixels: number): Promise<FerError> {
  const msg = String((error as Error)?.message ?? error);
  if (/pixel limit/i.test(msg)) {
    const sharp = await loadSharp();
    const meta = await sharp(input, { limitInputPixels: false })
      .metadata()
      .catch(() => null);
    const e = tooLarge(name, meta?.width ?? 0, meta?.height ?? 0, maxPixels);
    return new FerError(e.code, e.message, e.hint, { cause: error });
  }
  if (/unsupported image format|bad seek|unknown file format/i.test(msg))
    return new FerError(
      'INPUT_UNSUPPORTED',
      `unsupported image format: ${name}`,
      `expected one of ${IMAGE_EXTENSIONS.join(' ')}`,
      { cause: error },
    );
  return toFerError(
    error,
    'INPUT_CORRUPT',
    `corrupt or truncated image: ${name} (${msg.split('\n')[0]})`,
    'the file could not be decoded; check it opens in an image viewer',
  );
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
  if (format.width * format.height > effectiveLimit(maxPixels))
    throw tooLarge(name, format.width, format.height, maxPixels);
  return convertToPng(input, format.demuxer, name);
}

/**
 * Decode a path, an encoded Buffer or raw pixels to RGB, honouring EXIF orientation and a pixel limit
 * (default 50 million, capped at PIXEL_CEILING); BMP is read through ffmpeg.
 * @example
 * const img = await readImage('media/astronaut.png', 50_000_000); // { width: 512, height: 512, channels: 3, data }
 */
export async function readImage(input: ImageInput, maxPixels = DEFAULTS.maxPixels): Promise<RawImage> {
  if (!(is.integer(maxPixels) && maxPixels > 0))
    throw invalidParameterError(
      'maxPixels',
      'a positive integer',
      maxPixels,
      `omit it for the default of ${DEFAULTS.maxPixels} pixels`,
    );
  if (typeof input === 'object' && !Buffer.isBuffer(input) && 'data' in input) return toRgb(input, maxPixels);
  const name = typeof input === 'string' ? input : 'buffer input';
  if (typeof input === 'string') await checkInputFile(input);
  else if (input.length === 0)
    throw new FerError('INPUT_EMPTY', 'input buffer is empty', 'pass the bytes of an encoded image');
  const source = await toSharpInput(input, name, maxPixels);
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(source, { limitInputPixels: effectiveLimit(maxPixels), failOn: 'error' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (e) {
    throw await classify(e, source, name, maxPixels);
  }
}

/** Validate raw pixels and drop an alpha channel. */
function toRgb(
  input: { width: number; height: number; channels: number; data: Uint8Array },
  maxPixels: number,
): RawImage {
  const { width, height, channels, data } = input;
  if (channels !== 3 && channels !== 4) {
    throw new FerError(
      'INPUT_UNSUPPORTED',
      `raw pixel input: channels must be 3 or 4, got ${describeValue(channels)}`,
      'pass RGB (3) or RGBA (4) pixels; expand grey or grey+alpha to RGB first',
    );
  }
  if (
    !(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) ||
    data.length !== width * height * channels
  ) {
    throw new FerError(
      'INPUT_CORRUPT',
      `raw pixel input does not match its size: ${width}x${height}x${channels} vs ${data.length} bytes`,
      'pass { width, height, channels: 3 | 4, data } with width*height*channels bytes',
    );
  }
  if (width * height > effectiveLimit(maxPixels)) throw tooLarge('raw pixel input', width, height, maxPixels);
  if (channels === 3) return { width, height, channels: 3, data };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) rgb.set(data.subarray(i, i + 3), j);
  return { width, height, channels: 3, data: rgb };
}
