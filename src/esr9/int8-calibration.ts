import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FerError } from '../errors.js';
import { BASE_CONVS, BRANCH_CONVS, layerPrefix, NUM_BRANCHES } from './definition.js';

/** The file beside esr9.safetensors with the activation ranges of its int8 graph. */
export const CALIBRATION_FILE = 'esr9.int8.json';

/** Activation ranges measured on calibration faces (written by training/calibrate_int8.py). */
export interface Esr9Calibration {
  /** Upper end of each convolution's ReLU output, by layer name ('base.conv1', 'branches.3.conv4', ...). */
  ranges: Record<string, number>;
}

/** Every layer name the int8 graph needs a range for. */
function layerNames(): string[] {
  const names = BASE_CONVS.map((c) => `${layerPrefix(null)}${c.name}`);
  for (let b = 0; b < NUM_BRANCHES; b++) names.push(...BRANCH_CONVS.map((c) => `${layerPrefix(b)}${c.name}`));
  return names;
}

/**
 * Read the int8 calibration of a model folder: null when the folder has none or it was measured on other
 * weights (its `weights_bytes` is not this file's size; then ESR-9 runs in float32); a damaged file is an error.
 * @example
 * const calibration = await loadCalibration('models/esr9', 40767500);
 */
export async function loadCalibration(modelDir: string, weightsBytes: number): Promise<Esr9Calibration | null> {
  const file = join(modelDir, CALIBRATION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const damaged = (why: string): FerError =>
    new FerError(
      'MODEL_INVALID',
      `${file}: ${why}`,
      'recreate it with training/calibrate_int8.py, or delete it to run ESR-9 in float32',
    );
  let parsed: { weights_bytes?: unknown; ranges?: Record<string, unknown> };
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw damaged(`not JSON (${(e as Error).message})`);
  }
  if (parsed.weights_bytes !== weightsBytes) return null;
  const ranges: Record<string, number> = {};
  for (const name of layerNames()) {
    const v = parsed.ranges?.[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw damaged(`no positive range for ${name}`);
    ranges[name] = v;
  }
  return { ranges };
}
