import { basename, extname, join } from 'node:path';
import { FerError } from '../errors.js';

/** fer's result file names, the one place they are spelled: `<stem>_fer.<ext>`, and `fer.<ext>` for a folder run. */
const SUFFIX = '_fer';

/** A result name fer writes: a stem's files or a folder run's `fer.csv` / `fer.json`. */
const OUTPUT_NAME = /_fer\.(png|csv|json|jsonl|mp4)$|^fer\.(csv|json)$/;

/**
 * The stem results are named after: the input's name without its extension.
 * @example
 * outputStem('/data/clip.mp4'); // 'clip'
 */
export function outputStem(input: string): string {
  return basename(input, extname(input));
}

/**
 * The files `fer video -o` writes for a stem.
 * @example
 * videoOutputNames('clip'); // { csv: 'clip_fer.csv', jsonl: 'clip_fer.jsonl', mp4: 'clip_fer.mp4' }
 */
export function videoOutputNames(stem: string): { csv: string; jsonl: string; mp4: string } {
  return { csv: `${stem}${SUFFIX}.csv`, jsonl: `${stem}${SUFFIX}.jsonl`, mp4: `${stem}${SUFFIX}.mp4` };
}

/**
 * The files `fer image -o` writes for a stem (a folder run writes only the PNG per image).
 * @example
 * imageOutputNames('a'); // { png: 'a_fer.png', csv: 'a_fer.csv', json: 'a_fer.json' }
 */
export function imageOutputNames(stem: string): { png: string; csv: string; json: string } {
  return { png: `${stem}${SUFFIX}.png`, csv: `${stem}${SUFFIX}.csv`, json: `${stem}${SUFFIX}.json` };
}

/**
 * The files a folder run of `fer image` writes for all its images; `stem` is what its lock is named after.
 * @example
 * FOLDER_OUTPUTS.csv; // 'fer.csv'
 */
export const FOLDER_OUTPUTS = { stem: 'fer', csv: 'fer.csv', json: 'fer.json' } as const;

/**
 * The files `fer eval -o` writes; `stem` is what its lock is named after.
 * @example
 * EVAL_OUTPUTS.confusion; // 'confusion.png'
 */
export const EVAL_OUTPUTS = {
  stem: 'eval',
  json: 'eval.json',
  confusion: 'confusion.png',
  recall: 'recall.png',
} as const;

/**
 * Whether a file name is one fer writes as a result (so a folder scan of the output folder skips it).
 * @example
 * isOutputName('a_fer.png'); // true
 */
export function isOutputName(name: string): boolean {
  return OUTPUT_NAME.test(basename(name));
}

/**
 * The hidden lock file that keeps two runs from writing one stem's results at once.
 * @example
 * lockName('clip'); // '.clip_fer.lock'
 */
export function lockName(stem: string): string {
  return `.${stem}${SUFFIX}.lock`;
}

/**
 * Fail with INVALID_OPTION when two inputs would write the same result files (e.g. `a.jpg` and
 * `a.png` into one folder), naming both.
 * @example
 * checkDistinctOutputs([{ input: 'd/a.jpg', dir: 'out' }, { input: 'd/a.png', dir: 'out' }]); // throws
 */
export function checkDistinctOutputs(
  targets: { input: string; dir: string }[],
  hint = 'rename one of them, or analyse them into different -o folders',
): void {
  const seen = new Map<string, string>();
  for (const t of targets) {
    const key = join(t.dir, outputStem(t.input));
    const known = seen.get(key);
    if (known !== undefined && known !== t.input)
      throw new FerError('INVALID_OPTION', `${known} and ${t.input} would both write ${key}${SUFFIX}.*`, hint);
    seen.set(key, t.input);
  }
}
