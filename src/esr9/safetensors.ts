import { FerError } from '../errors.js';

/** A float32 tensor read from a safetensors file. */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

/** Convert one IEEE half-precision value to a number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Decode one tensor's bytes to float32 from F32 or F16 storage. */
function decode(bytes: Uint8Array, dtype: string, name: string, file: string): Float32Array {
  if (dtype === 'F32') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (dtype === 'F16') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(bytes.byteLength / 2);
    for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    return out;
  }
  throw new FerError('MODEL_INVALID', `${file}: tensor ${name} has unsupported dtype ${dtype} (expected F32 or F16)`, 're-export the weights with training/export.py');
}

/**
 * Parse a safetensors buffer into float32 tensors and its metadata.
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
    tensors.set(name, { shape: info.shape, data: decode(buf.subarray(base + start, base + end), info.dtype, name, file) });
  }
  return { tensors, metadata };
}
