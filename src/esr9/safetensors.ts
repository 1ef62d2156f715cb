import { FerError } from '../errors.js';

/** A tensor read from a safetensors file: its stored bytes, and float32 values decoded on first use. */
export interface NamedTensor {
  shape: number[];
  /** Storage type: 'F32' or 'F16'. */
  dtype: 'F32' | 'F16';
  /** The stored little-endian bytes (a view into the file buffer). */
  bytes: Uint8Array;
  /** The values as float32 (decoded lazily, then cached). */
  readonly data: Float32Array;
}

let halfTable: Float32Array | null = null;

/** Every float16 bit pattern as float32 (built once: 65,536 entries). */
function halfToFloatTable(): Float32Array {
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

/** A NamedTensor whose float32 values are decoded on first access. */
function lazyTensor(shape: number[], dtype: 'F32' | 'F16', bytes: Uint8Array): NamedTensor {
  let data: Float32Array | null = null;
  return {
    shape, dtype, bytes,
    get data(): Float32Array {
      data ??= decode(bytes, dtype);
      return data;
    },
  };
}

/**
 * Parse a safetensors buffer into tensors (float32 values decoded lazily) and its metadata.
 * @example
 * const { tensors } = parseSafetensors(await readFile('models/esr9/esr9.safetensors'), 'esr9.safetensors');
 */
export function parseSafetensors(buf: Buffer, file: string): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  const corrupt = (why: string): FerError =>
    new FerError('MODEL_INVALID', `${file}: not a valid safetensors file (${why})`, 're-export the weights with training/export.py or restore models/esr9 from git');
  if (buf.length < 8) throw corrupt('too short');
  const headerLength = Number(buf.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > buf.length) throw corrupt('bad header length');
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8'));
  } catch {
    throw corrupt('header is not JSON');
  }
  const metadata = (header.__metadata__ ?? {}) as unknown as Record<string, string>;
  delete header.__metadata__;
  const base = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, info] of Object.entries(header)) {
    const [start, end] = info.data_offsets ?? [];
    if (!(start >= 0 && end >= start && base + end <= buf.length)) throw corrupt(`tensor ${name} lies outside the file`);
    if (info.dtype !== 'F32' && info.dtype !== 'F16') {
      throw new FerError('MODEL_INVALID', `${file}: tensor ${name} has unsupported dtype ${info.dtype} (expected F32 or F16)`, 're-export the weights with training/export.py');
    }
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + base + start, end - start);
    if (bytes.length !== (info.shape ?? []).reduce((a, b) => a * b, 1) * (info.dtype === 'F32' ? 4 : 2)) throw corrupt(`tensor ${name} has the wrong byte length`);
    tensors.set(name, lazyTensor(info.shape, info.dtype, bytes));
  }
  return { tensors, metadata };
}
