import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NamedTensor, parseSafetensors } from '../../src/esr9/safetensors.js';
import { DEFAULT_MODEL_DIR } from '../../src/options.js';

/** Path of the golden fixture exported by training/export.py. */
export const GOLDEN = join(DEFAULT_MODEL_DIR, 'golden.safetensors');

/** Skip reason for tests that need the golden fixture (false when it is present). */
export const NO_GOLDEN: string | false = existsSync(GOLDEN) ? false : 'models/esr9/golden.safetensors not present';

/** The golden tensors (input, logits, affect, cam) and the number of faces. */
export function loadGolden(): { tensors: Map<string, NamedTensor>; n: number; input: NamedTensor } {
  const { tensors } = parseSafetensors(readFileSync(GOLDEN), GOLDEN);
  const input = tensors.get('input') as NamedTensor;
  return { tensors, n: input.shape[0], input };
}
