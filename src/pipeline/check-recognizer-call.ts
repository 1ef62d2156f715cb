import { FerError } from '../errors.js';
import { DEFAULTS, type FerOptions } from '../options.js';
import type { ImageInput } from '../types.js';
import { describeValue as describe, invalidParameterError, is } from '../validate.js';

/**
 * Check what `createRecognizer()` was given: nothing, or a plain object with only known option names,
 * each of its default's type (`classes` may also be a numeric string); returns it as FerOptions.
 * Throws INVALID_OPTION otherwise (values are checked further by resolveOptions()).
 * @example
 * checkRecognizerOptions({ gradCam: true }); // { gradCam: true }
 * checkRecognizerOptions({ unknownOpt: 1 }); // throws FerError INVALID_OPTION
 */
export function checkRecognizerOptions(options: unknown): FerOptions {
  if (options === undefined) return {};
  const known = Object.keys(DEFAULTS);
  if (!is.plainObject(options))
    throw new FerError(
      'INVALID_OPTION',
      `createRecognizer() takes an options object, not ${describe(options)}`,
      `pass {} or some of: ${known.join(', ')}`,
    );
  for (const [name, value] of Object.entries(options)) {
    if (!known.includes(name))
      throw new FerError(
        'INVALID_OPTION',
        `unknown option ${JSON.stringify(name)} for createRecognizer()`,
        `known options: ${known.join(', ')}`,
      );
    const expected = typeof DEFAULTS[name as keyof FerOptions];
    const numericString = name === 'classes' && typeof value === 'string';
    if (value !== undefined && typeof value !== expected && !numericString)
      throw invalidParameterError(name, `a ${expected}`, value, 'see the FerOptions type');
  }
  return options as FerOptions;
}

/**
 * Check what `recognize()` was given: a non-empty path, a Buffer of an encoded image,
 * or raw pixels `{ width, height, channels, data: Uint8Array }`; throws INPUT_UNSUPPORTED otherwise.
 * @example
 * checkImageInput('a.jpg'); // 'a.jpg'
 * checkImageInput(42);      // throws FerError INPUT_UNSUPPORTED
 */
export function checkImageInput(image: unknown): ImageInput {
  if (typeof image === 'string' && image.length > 0) return image;
  if (Buffer.isBuffer(image)) return image;
  const raw = image as { width?: unknown; height?: unknown; channels?: unknown; data?: unknown } | null;
  if (
    typeof raw === 'object' &&
    raw !== null &&
    raw.data instanceof Uint8Array &&
    typeof raw.width === 'number' &&
    typeof raw.height === 'number' &&
    typeof raw.channels === 'number'
  )
    return raw as ImageInput;
  throw new FerError(
    'INPUT_UNSUPPORTED',
    `recognize() takes an image path, a Buffer or raw pixels, not ${describe(image)}`,
    'pass a file path, the bytes of an encoded image, or { width, height, channels: 3 | 4, data: Uint8Array }',
  );
}

/**
 * The error a call on a recognizer disposed while it ran should give: ONNX Runtime's "Session already
 * disposed" (and any failure once disposed) becomes FerError DISPOSED; other errors pass unchanged.
 * @example
 * try { await engine.run(...); } catch (e) { throw asDisposedError(e, disposed); }
 */
export function asDisposedError(error: unknown, disposed: boolean): unknown {
  if (error instanceof FerError && error.code === 'DISPOSED') return error;
  if (!disposed && !/Session already disposed/i.test(String((error as Error)?.message))) return error;
  return new FerError(
    'DISPOSED',
    'this recognizer was disposed while it was recognising',
    'await every recognize() before dispose()',
    { cause: error },
  );
}
