import { EMOTIONS } from './definition.js';

/** How the 8 AffectNet outputs map onto the classes a user asked for. */
export interface ClassMap {
  labels: string[];
  /** For each output class, the AffectNet indices it sums. */
  groups: number[][];
}

/**
 * The class mapping for `--classes 8|7|6`: 8 as trained; 7 drops Contempt (softmax over the other 7
 * logits); 6 also merges Anger and Disgust into "Anger/Disgust" (their probabilities summed).
 * @example
 * classMap(7).labels; // ['Neutral', 'Happy', 'Sad', 'Surprise', 'Fear', 'Disgust', 'Anger']
 */
export function classMap(classes: 8 | 7 | 6): ClassMap {
  const groups = EMOTIONS.map((_, i) => [i]);
  if (classes === 8) return { labels: [...EMOTIONS], groups };
  const seven = groups.slice(0, 7);
  if (classes === 7) return { labels: EMOTIONS.slice(0, 7), groups: seven };
  return {
    labels: ['Neutral', 'Happy', 'Sad', 'Surprise', 'Fear', 'Anger/Disgust'],
    groups: [[0], [1], [2], [3], [4], [5, 6]],
  };
}

/**
 * Softmax over the AffectNet indices the map uses, then summed into its classes.
 * @example
 * mapProbabilities(logits, classMap(7)); // seven probabilities summing to 1
 */
export function mapProbabilities(logits: ArrayLike<number>, map: ClassMap): number[] {
  const used = map.groups.flat();
  const max = Math.max(...used.map((i) => logits[i]));
  const exp = new Map(used.map((i) => [i, Math.exp(logits[i] - max)]));
  const total = [...exp.values()].reduce((a, b) => a + b, 0);
  return map.groups.map((g) => g.reduce((s, i) => s + (exp.get(i) as number), 0) / total);
}

/**
 * Index of the largest value (first on ties).
 * @example
 * argmax([0.1, 0.7, 0.2]); // 1
 */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Plurality vote over branch predictions. Tie rule: among the classes with the most votes, the one
 * with the highest mean probability across all branches wins.
 * @example
 * vote([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]); // { winner: 0, votes: [2, 1], mean: [...] }
 */
export function vote(branchProbabilities: number[][]): { winner: number; votes: number[]; mean: number[] } {
  const k = branchProbabilities[0].length;
  const votes = new Array<number>(k).fill(0);
  const mean = new Array<number>(k).fill(0);
  for (const p of branchProbabilities) {
    votes[argmax(p)] += 1;
    p.forEach((v, i) => (mean[i] += v / branchProbabilities.length));
  }
  const top = Math.max(...votes);
  let winner = -1;
  for (let i = 0; i < k; i++) if (votes[i] === top && (winner < 0 || mean[i] > mean[winner])) winner = i;
  return { winner, votes, mean };
}
