import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FerError } from '../errors.js';

const require = createRequire(import.meta.url);

/** One weight of face-api's SSD MobileNetV1, as stored: uint8-quantised (value = q * scale + min) or float32. */
export interface SsdWeight {
  shape: number[];
  bytes: Uint8Array;
  quantization?: { scale: number; min: number };
}

/** face-api's SSD weights by TensorFlow name, e.g. 'MobilenetV1/Conv2d_3_depthwise/depthwise_weights', and the files' identity. */
export type SsdWeights = Map<string, SsdWeight> & { source: string };

/** One entry of a tfjs weights manifest. */
interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { scale: number; min: number; dtype: string };
}

/**
 * The folder holding face-api's shipped model files.
 * @example
 * faceApiModelDir(); // '.../node_modules/@vladmandic/face-api/model'
 */
export function faceApiModelDir(): string {
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Bytes per stored element of a manifest entry. */
function bytesPerElement(e: ManifestEntry): number {
  if (e.quantization) return e.quantization.dtype === 'uint8' ? 1 : 2;
  return 4;
}

/** `size` bytes of one file from `offset`. */
function readSlice(file: string, offset: number, size: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const out = Buffer.alloc(size);
    readSync(fd, out, 0, size, offset);
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Bytes [offset, offset + size) of a shard made of `files`: read from the one file alone when small, else the whole shard once. */
function shardReader(files: string[]): (offset: number, size: number) => Uint8Array {
  let whole: Buffer | null = null;
  return (offset, size) => {
    try {
      if (!whole && files.length === 1 && size <= 256 * 1024) return readSlice(files[0], offset, size);
      whole ??= Buffer.concat(files.map((f) => readFileSync(f)));
      return whole.subarray(offset, offset + size);
    } catch (e) {
      throw new FerError(
        'MODEL_MISSING',
        `face detector weights unreadable: ${files.join(', ')}`,
        'reinstall dependencies with npm ci',
        { cause: e },
      );
    }
  };
}

/**
 * Read the SSD MobileNetV1 weights face-api ships (manifest + one shard), without tfjs. Only the manifest
 * is read here: a weight's bytes are read when first used, so a cached graph needs only the anchors.
 * @example
 * const weights = await loadSsdWeights(); weights.get('Output/extra_dim')?.shape; // [1, 5118, 4]
 */
export async function loadSsdWeights(dir = faceApiModelDir()): Promise<SsdWeights> {
  const manifestPath = join(dir, 'ssd_mobilenetv1_model-weights_manifest.json');
  let groups: { paths: string[]; weights: ManifestEntry[] }[];
  let sizes: number[];
  let source: string;
  try {
    groups = JSON.parse(await readFile(manifestPath, 'utf8'));
    sizes = await Promise.all(
      groups.map(async (g) =>
        (await Promise.all(g.paths.map((p) => stat(join(dir, p))))).reduce((n, st) => n + st.size, 0),
      ),
    );
    source = `${manifestPath}:${(await stat(manifestPath)).mtimeMs}:${sizes.join(',')}`;
  } catch (e) {
    throw new FerError(
      'MODEL_MISSING',
      `face detector weights not found or unreadable in ${dir}`,
      'reinstall dependencies with npm ci',
      { cause: e },
    );
  }
  const out = Object.assign(new Map<string, SsdWeight>(), { source });
  groups.forEach((g, gi) => {
    const read = shardReader(g.paths.map((p) => join(dir, p)));
    let offset = 0;
    for (const e of g.weights) {
      const size = e.shape.reduce((a, b) => a * b, 1) * bytesPerElement(e);
      if (offset + size > sizes[gi])
        throw new FerError(
          'MODEL_INVALID',
          `${manifestPath}: weight ${e.name} lies outside its shard`,
          'reinstall dependencies with npm ci',
        );
      if (e.quantization && e.quantization.dtype !== 'uint8')
        throw new FerError(
          'MODEL_INVALID',
          `${manifestPath}: weight ${e.name} uses ${e.quantization.dtype} quantisation (expected uint8)`,
          'reinstall @vladmandic/face-api',
        );
      const at = offset;
      let bytes: Uint8Array | null = null;
      out.set(e.name, {
        shape: e.shape,
        get bytes() {
          return (bytes ??= read(at, size));
        },
        ...(e.quantization ? { quantization: { scale: e.quantization.scale, min: e.quantization.min } } : {}),
      });
      offset += size;
    }
  });
  return out;
}

/** Batch-norm epsilon of face-api's MobileNetV1 depthwise layers. */
export const SSD_BN_EPSILON = 0.0010000000474974513;

/**
 * The weight of that name, or MODEL_INVALID naming it.
 * @example
 * const w = requireWeight(weights, 'MobilenetV1/Conv2d_0_pointwise/weights');
 */
export function requireWeight(weights: SsdWeights, name: string): SsdWeight {
  const w = weights.get(name);
  if (!w) throw new FerError('MODEL_INVALID', `face detector weights lack ${name}`, 'reinstall @vladmandic/face-api');
  return w;
}

/**
 * A weight's values as float32, uint8 storage dequantised (value = q * scale + min).
 * @example
 * const gamma = weightValues(requireWeight(weights, 'MobilenetV1/Conv2d_1_depthwise/BatchNorm/gamma'));
 */
export function weightValues(w: SsdWeight): Float32Array {
  const q = w.quantization;
  return q ? Float32Array.from(w.bytes, (v) => v * q.scale + q.min) : floatValues(w);
}

/**
 * A float32 weight's values (copied, so unaligned storage is fine).
 * @example
 * const anchors = floatValues(weights.get('Output/extra_dim')!);
 */
export function floatValues(w: SsdWeight): Float32Array {
  if (w.quantization) throw new Error('floatValues: weight is quantised');
  return new Float32Array(new Uint8Array(w.bytes).buffer);
}
