import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { FerError } from '../errors.js';

/** A tensor read from a safetensors file: its stored bytes, and float32 values decoded on first use. */
export interface NamedTensor {
  shape: number[];
  /** Storage type: 'F32' or 'F16'. */
  dtype: 'F32' | 'F16';
  /** The stored little-endian bytes (a view into the file's contents, read on first use). */
  readonly bytes: Uint8Array;
  /** The values as float32 (decoded lazily, then cached). */
  readonly data: Float32Array;
}

let halfTable: Float32Array | null = null;

/**
 * Every float16 bit pattern as float32 (built once: 65,536 entries).
 * @example
 * halfToFloatTable()[0x3c00]; // 1
 */
export function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) halfTable[h] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 31) halfTable[h] = frac ? NaN : sign * Infinity;
    else halfTable[h] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return halfTable;
}

/** Decode one tensor's bytes to float32 (F16 through a lookup table). */
function decode(bytes: Uint8Array, dtype: 'F32' | 'F16'): Float32Array {
  const copy = new Uint8Array(bytes);
  if (dtype === 'F32') return new Float32Array(copy.buffer);
  const half = new Uint16Array(copy.buffer);
  const table = halfToFloatTable();
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) out[i] = table[half[i]];
  return out;
}

/** A NamedTensor whose bytes are fetched, and float32 values decoded, on first access. */
function lazyTensor(shape: number[], dtype: 'F32' | 'F16', fetch: () => Uint8Array): NamedTensor {
  let bytes: Uint8Array | null = null;
  let data: Float32Array | null = null;
  return {
    shape,
    dtype,
    get bytes(): Uint8Array {
      bytes ??= fetch();
      return bytes;
    },
    get data(): Float32Array {
      data ??= decode(this.bytes, dtype);
      return data;
    },
  };
}

/** The error for a file that is not valid safetensors. */
function corruptError(file: string, why: string): FerError {
  return new FerError(
    'MODEL_INVALID',
    `${file}: not a valid safetensors file (${why})`,
    're-export the weights with training/export.py or restore models/esr9 from git',
  );
}

/** Tensors and metadata from a header's JSON; `slice(start, end)` fetches a tensor's bytes (offsets after the header). */
function parseHeader(
  json: Buffer,
  bodyLength: number,
  file: string,
  slice: (start: number, end: number) => Uint8Array,
): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(json.toString('utf8'));
  } catch {
    throw corruptError(file, 'header is not JSON');
  }
  const metadata = (header.__metadata__ ?? {}) as unknown as Record<string, string>;
  delete header.__metadata__;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, info] of Object.entries(header)) {
    const [start, end] = info.data_offsets ?? [];
    if (!(start >= 0 && end >= start && end <= bodyLength))
      throw corruptError(file, `tensor ${name} lies outside the file`);
    if (info.dtype !== 'F32' && info.dtype !== 'F16') {
      throw new FerError(
        'MODEL_INVALID',
        `${file}: tensor ${name} has unsupported dtype ${info.dtype} (expected F32 or F16)`,
        're-export the weights with training/export.py',
      );
    }
    if (end - start !== (info.shape ?? []).reduce((a, b) => a * b, 1) * (info.dtype === 'F32' ? 4 : 2))
      throw corruptError(file, `tensor ${name} has the wrong byte length`);
    tensors.set(
      name,
      lazyTensor(info.shape, info.dtype, () => slice(start, end)),
    );
  }
  return { tensors, metadata };
}

/**
 * Parse a safetensors buffer into tensors (float32 values decoded lazily) and its metadata.
 * @example
 * const { tensors } = parseSafetensors(await readFile('models/esr9/esr9.safetensors'), 'esr9.safetensors');
 */
export function parseSafetensors(
  buf: Buffer,
  file: string,
): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  if (buf.length < 8) throw corruptError(file, 'too short');
  const headerLength = Number(buf.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > buf.length) throw corruptError(file, 'bad header length');
  const base = 8 + headerLength;
  return parseHeader(
    buf.subarray(8, base),
    buf.length - base,
    file,
    (start, end) => new Uint8Array(buf.buffer, buf.byteOffset + base + start, end - start),
  );
}

/**
 * Read only a safetensors file's header; the tensor bytes are read (the whole file, once) when a tensor's
 * bytes or values are first used, so a caller that never needs them (a cached graph) never reads them.
 * @example
 * const { tensors, metadata } = await openSafetensors('models/esr9/esr9.safetensors');
 */
export async function openSafetensors(
  file: string,
): Promise<{ tensors: Map<string, NamedTensor>; metadata: Record<string, string> }> {
  const handle = await open(file, 'r');
  let json: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const head = Buffer.alloc(8);
    if (size < 8 || (await handle.read(head, 0, 8, 0)).bytesRead < 8) throw corruptError(file, 'too short');
    const headerLength = Number(head.readBigUInt64LE(0));
    if (headerLength <= 0 || 8 + headerLength > size) throw corruptError(file, 'bad header length');
    json = Buffer.alloc(headerLength);
    await handle.read(json, 0, headerLength, 8);
  } finally {
    await handle.close();
  }
  const base = 8 + json.length;
  let body: Buffer | null = null;
  return parseHeader(json, size - base, file, (start, end) => {
    body ??= readFileSync(file);
    return new Uint8Array(body.buffer, body.byteOffset + base + start, end - start);
  });
}
