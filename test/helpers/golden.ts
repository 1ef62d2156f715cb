import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NamedTensor, parseSafetensors } from '../../src/esr9/safetensors.js';
import { DEFAULT_MODEL_DIR } from '../../src/options.js';

/** Path of the golden fixture exported by training/export.py. */
export const GOLDEN = join(DEFAULT_MODEL_DIR, 'golden.safetensors');

/** Skip reason for tests that need the golden fixture (false when it is present). */
export const NO_GOLDEN: string | false = existsSync(GOLDEN) ? false : 'models/esr9/golden.safetensors not present';

/** The golden tensors (input, logits, affect, cam), the number of faces and the FER+ rows they came from. */
export function loadGolden(): {
  tensors: Map<string, NamedTensor>;
  n: number;
  input: NamedTensor;
  rows: number[];
  split: string;
} {
  const { tensors, metadata } = parseSafetensors(readFileSync(GOLDEN), GOLDEN);
  const input = tensors.get('input') as NamedTensor;
  const rows = (metadata.rows ?? '').split(',').filter(Boolean).map(Number);
  return { tensors, n: input.shape[0], input, rows, split: metadata.split ?? '' };
}

/**
 * One value of a tensor by its multi-dimensional index (row-major, from the tensor's own shape).
 * @example
 * at(logits, 2, 5, 1); // face 2, branch 5, class 1
 */
export function at(t: NamedTensor, ...index: number[]): number {
  let flat = 0;
  index.forEach((v, d) => (flat = flat * t.shape[d] + v));
  for (let d = index.length; d < t.shape.length; d++) flat *= t.shape[d];
  return t.data[flat];
}
