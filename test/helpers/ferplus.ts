import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFaces } from '../../src/esr9/decode.js';
import type { Esr9Engine } from '../../src/esr9/engine.js';
import { classMap } from '../../src/esr9/ensemble.js';
import { toNetworkInput } from '../../src/esr9/input.js';
import { SHARED } from './fixtures.js';

/** The FER+ data folder in ../shared. */
export const FER_DATA = join(SHARED, 'data', 'fer');

/** Skip reason for tests that need the FER+ valid split (false when present). */
export const NO_FER_VALID: string | false = existsSync(join(FER_DATA, 'valid.u8'))
  ? false
  : `../shared/data/fer not present (${FER_DATA})`;

const FERPLUS_TO_AFFECTNET = [0, 1, 3, 2, 6, 5, 4, 7];

/** FER+ majority label (AffectNet index) of a CSV row's ten vote columns, or -1 when discarded. */
function majority(votes: number[]): number {
  const v = votes.map((c) => (c === 1 ? 0 : c));
  const total = v.reduce((a, b) => a + b, 0);
  const top = v.indexOf(Math.max(...v));
  return top < 8 && v[top] * 2 > total && total > 0 ? FERPLUS_TO_AFFECTNET[top] : -1;
}

/** The first `limit` FER+ valid faces kept by the majority protocol: 48x48 grey pixels and AffectNet labels. */
export function loadMajorityValid(limit = Infinity): { faces: Uint8Array[]; labels: number[] } {
  const images = readFileSync(join(FER_DATA, 'valid.u8'));
  const rows = readFileSync(join(FER_DATA, 'valid.csv'), 'utf8').trim().split('\n');
  const cols = rows[0].split(',');
  const voteCols = [
    'neutral',
    'happiness',
    'surprise',
    'sadness',
    'anger',
    'disgust',
    'fear',
    'contempt',
    'unknown',
    'nf',
  ].map((c) => cols.indexOf(c));
  const faces: Uint8Array[] = [];
  const labels: number[] = [];
  for (let i = 1; i < rows.length && faces.length < limit; i++) {
    const f = rows[i].split(',');
    const label = majority(voteCols.map((c) => Number(f[c])));
    if (label < 0) continue;
    faces.push(images.subarray((i - 1) * 48 * 48, i * 48 * 48));
    labels.push(label);
  }
  return { faces, labels };
}

/** The ensemble label (AffectNet index) of each face, run through an engine in batches of 32. */
export async function ensembleLabels(engine: Esr9Engine, faces: Uint8Array[]): Promise<number[]> {
  const map = classMap(8);
  const out: number[] = [];
  for (let s = 0; s < faces.length; s += 32) {
    const batch = faces.slice(s, s + 32);
    const decoded = decodeFaces(
      await engine.run(toNetworkInput(batch, engine.inputSize), batch.length, false),
      batch.length,
      map,
    );
    out.push(...decoded.map((d) => map.labels.indexOf(d.emotion)));
  }
  return out;
}
