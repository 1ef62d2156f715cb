import { relative, sep } from 'node:path';
import { FerError } from '../errors.js';
import { largest } from '../boxes.js';
import { isDirectory, scanFolder } from '../io/input-file.js';
import type { Recognizer } from './recognizer.js';

/** Folder names (lower case) accepted for each AffectNet class. */
const FOLDER_NAMES: Record<string, string> = {
  neutral: 'Neutral',
  happy: 'Happy',
  happiness: 'Happy',
  sad: 'Sad',
  sadness: 'Sad',
  surprise: 'Surprise',
  surprised: 'Surprise',
  fear: 'Fear',
  fearful: 'Fear',
  afraid: 'Fear',
  disgust: 'Disgust',
  disgusted: 'Disgust',
  anger: 'Anger',
  angry: 'Anger',
  contempt: 'Contempt',
};

/**
 * Accuracy report of `fer eval`; accuracy and recalls are fractions in [0, 1]. A class's recall counts
 * its images without a face as misses; it is null only when no image of that class was scored.
 */
export interface EvalReport {
  accuracy: number;
  /** Mean recall over the classes that have images (balanced accuracy). */
  balancedAccuracy: number;
  perClass: Record<string, number | null>;
  /** Images scored per class (label order), those without a face included. */
  scored: number[];
  /** Rows: true class, columns: predicted class; images without a face are in `noFaceByClass`, not here. */
  confusion: number[][];
  /** Images of each class (label order) where no face was found: scored, and counted as misses. */
  noFaceByClass: number[];
  labels: string[];
  n: number;
  noFace: number;
  /** Images not scored, by folder, because the folder's class is not among the model's outputs or unknown. */
  skipped: Record<string, number>;
  /** Images not scored because they are not directly in a class folder, by folder ('.' for the top folder, `happy/extra` for a sub-folder). */
  outsideClassFolders: Record<string, number>;
  failed: { path: string; message: string }[];
}

/**
 * The output label a class folder maps to, or null when the model has no such output.
 * @example
 * labelForFolder('angry', ['Neutral', 'Anger']); // 'Anger'
 */
export function labelForFolder(folder: string, labels: string[]): string | null {
  const cls = FOLDER_NAMES[folder.toLowerCase()];
  if (!cls) return null;
  if (labels.includes(cls)) return cls;
  const merged = labels.find((l) => l.split('/').includes(cls));
  return merged ?? null;
}

/** The images to score, each with its class, from one scan of the folder (links followed); the rest counted by folder. */
async function listWork(
  dir: string,
  labels: string[],
): Promise<{
  work: { path: string; truth: number }[];
  skipped: Record<string, number>;
  outside: Record<string, number>;
}> {
  const skipped: Record<string, number> = {};
  const outside: Record<string, number> = {};
  const work: { path: string; truth: number }[] = [];
  const count = (into: Record<string, number>, key: string): void => void (into[key] = (into[key] ?? 0) + 1);
  for (const path of await scanFolder(dir, { recursive: true })) {
    const folders = relative(dir, path).split(sep).slice(0, -1);
    if (folders.length !== 1) count(outside, folders.length ? folders.join('/') : '.');
    else {
      const label = labelForFolder(folders[0], labels);
      if (label === null) count(skipped, folders[0]);
      else work.push({ path, truth: labels.indexOf(label) });
    }
  }
  return { work, skipped, outside };
}

/**
 * Score a recognizer on a folder with one subfolder per class (a linked folder counts; images in the top
 * folder or in sub-folders of a class folder are not scored but counted in `outsideClassFolders`). The
 * largest face of each image is compared with its folder's class; an image with no face counts as an error,
 * in `noFace` and in `noFaceByClass`. An image that fails with a FerError is listed in `failed`; a
 * disposed recognizer rejects with DISPOSED.
 * @example
 * const report = await evaluateFolder('data/', recognizer);
 * console.log(report.accuracy);
 */
export async function evaluateFolder(
  dir: string,
  recognizer: Recognizer,
  onProgress?: (done: number, total: number) => void,
): Promise<EvalReport> {
  if (!(await isDirectory(dir)))
    throw new FerError(
      'INPUT_NOT_FOUND',
      `evaluation folder not found: ${dir}`,
      'pass a folder with one subfolder per class (anger, happy, ...)',
    );
  const labels = recognizer.labels;
  const { work, skipped, outside } = await listWork(dir, labels);
  if (work.length === 0)
    throw new FerError(
      'INPUT_NOT_FOUND',
      `no labelled images in ${dir}`,
      'expected subfolders named after classes (anger, happy, sad, ...) holding images',
    );
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  const scored = labels.map(() => 0);
  const noFaceByClass = labels.map(() => 0);
  let correct = 0,
    n = 0;
  const failed: EvalReport['failed'] = [];
  for (const [i, item] of work.entries()) {
    try {
      const result = await recognizer.recognize(item.path);
      n += 1;
      scored[item.truth] += 1;
      const face = largest(result.faces);
      if (!face) noFaceByClass[item.truth] += 1;
      else {
        const predicted = labels.indexOf(face.emotion);
        confusion[item.truth][predicted] += 1;
        if (predicted === item.truth) correct += 1;
      }
    } catch (e) {
      if (!(e instanceof FerError) || e.code === 'DISPOSED') throw e;
      failed.push({ path: relative(dir, item.path), message: e.message });
    }
    onProgress?.(i + 1, work.length);
  }
  const perClass = Object.fromEntries(labels.map((l, c) => [l, scored[c] ? confusion[c][c] / scored[c] : null]));
  const recalls = Object.values(perClass).filter((r): r is number => r !== null);
  const balancedAccuracy = recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : 0;
  const noFace = noFaceByClass.reduce((a, b) => a + b, 0);
  return {
    accuracy: n ? correct / n : 0,
    balancedAccuracy,
    perClass,
    scored,
    confusion,
    noFaceByClass,
    labels,
    n,
    noFace,
    skipped,
    outsideClassFolders: outside,
    failed,
  };
}
