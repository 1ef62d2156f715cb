import type { BranchResult, FaceResult } from '../types.js';
import { NUM_AFFECT, NUM_BRANCHES, NUM_EMOTIONS } from './definition.js';
import type { Esr9Output } from './engine.js';
import { argmax, type ClassMap, mapProbabilities, vote } from './ensemble.js';

/** One face decoded from ESR-9's outputs (box and score come from the detector). */
export type DecodedFace = Omit<FaceResult, 'box' | 'score'> & {
  /** Per branch, the AffectNet index its predicted class stands for (what Grad-CAM explains). */
  targets: number[];
};

/** Values per face and branch in the engine's (N, 9, k) output layout. */
function slot(out: Float32Array, k: number, face: number, branch: number): Float32Array {
  const offset = (face * NUM_BRANCHES + branch) * k;
  return out.subarray(offset, offset + k);
}

/** One branch's result for one face, and the AffectNet index of its prediction. */
function decodeBranch(
  out: Esr9Output,
  map: ClassMap,
  face: number,
  branch: number,
): { result: BranchResult; target: number } {
  const logits = slot(out.logits, NUM_EMOTIONS, face, branch);
  const probabilities = mapProbabilities(logits, map);
  const cls = argmax(probabilities);
  const [arousal, valence] = slot(out.affect, NUM_AFFECT, face, branch);
  const group = map.groups[cls];
  const target = group.reduce((best, k) => (logits[k] > logits[best] ? k : best), group[0]);
  return { result: { emotion: map.labels[cls], probabilities, arousal, valence }, target };
}

/**
 * Decode the engine's outputs for a batch of n faces into per-face ensemble results: per-branch
 * probabilities over the mapped classes, the plurality vote, mean probabilities and mean arousal/valence.
 * @example
 * const faces = decodeFaces(await engine.run(batch, 2, false), 2, classMap(8)); // faces[1].emotion
 */
export function decodeFaces(out: Esr9Output, n: number, map: ClassMap): DecodedFace[] {
  return Array.from({ length: n }, (_, face) => {
    const decoded = Array.from({ length: NUM_BRANCHES }, (_, b) => decodeBranch(out, map, face, b));
    const branches = decoded.map((d) => d.result);
    const { winner, votes, mean } = vote(branches.map((b) => b.probabilities));
    const avg = (f: (b: BranchResult) => number): number => branches.reduce((s, b) => s + f(b), 0) / branches.length;
    return {
      emotion: map.labels[winner],
      votes,
      probabilities: mean,
      arousal: avg((b) => b.arousal),
      valence: avg((b) => b.valence),
      branches,
      targets: decoded.map((d) => d.target),
    };
  });
}
