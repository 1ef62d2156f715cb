import { NUM_BRANCHES } from '../esr9/definition.js';
import type { FaceResult, ImageResult } from '../types.js';

/** The reference framework's per-row columns after its timestamp column. */
export const REFERENCE_COLUMNS = [
  'Ensemble_Emotion',
  'Ensemble_Arousal',
  'Ensemble_Valence',
  ...Array.from({ length: NUM_BRANCHES }, (_, b) => [
    `Branch_${b}_Emotion`,
    `Branch_${b}_Arousal`,
    `Branch_${b}_Valence`,
  ]).flat(),
];

/**
 * Quote a CSV field when it needs it; a text field that a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) gets a leading `'`, as OWASP advises against CSV injection.
 * @example
 * csvField('a,b'); // '"a,b"'
 * csvField('=cmd|calc!A1.jpg'); // "'=cmd|calc!A1.jpg"
 */
export function csvField(value: string | number): string {
  const s =
    typeof value === 'number'
      ? String(Math.round(value * 1e4) / 1e4)
      : /^[=+\-@\t\r]/.test(value)
        ? `'${value}`
        : value;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The reference columns' values for one face.
 * @example
 * referenceValues(face); // ['Happy', 0.4, 0.7, 'Happy', ...]
 */
export function referenceValues(face: FaceResult): (string | number)[] {
  return [face.emotion, face.arousal, face.valence, ...face.branches.flatMap((b) => [b.emotion, b.arousal, b.valence])];
}

/**
 * CSV header for image results: Image, Face, the reference columns, then the face box and score.
 * @example
 * imageCsvHeader(); // 'Image,Face,Ensemble_Emotion,...,Branch_8_Valence,X,Y,Width,Height,Score'
 */
export function imageCsvHeader(): string {
  return ['Image', 'Face', ...REFERENCE_COLUMNS, 'X', 'Y', 'Width', 'Height', 'Score'].join(',');
}

/**
 * CSV rows for one image, one per face; an image without a face gets one row saying so.
 * @example
 * imageCsvRows('a.jpg', result).join('\n');
 */
export function imageCsvRows(name: string, result: ImageResult): string[] {
  if (result.faces.length === 0)
    return [[csvField(name), '', 'No face', ...new Array(REFERENCE_COLUMNS.length - 1 + 5).fill('')].join(',')];
  return result.faces.map((f, i) =>
    [name, i + 1, ...referenceValues(f), f.box.x, f.box.y, f.box.width, f.box.height, f.score].map(csvField).join(','),
  );
}

/**
 * CSV header for video results: the reference's `Timestamp(sec)`, a face id, the reference columns, the box.
 * @example
 * videoCsvHeader(); // 'Timestamp(sec),Face_Id,Ensemble_Emotion,...'
 */
export function videoCsvHeader(): string {
  return ['Timestamp(sec)', 'Face_Id', ...REFERENCE_COLUMNS, 'X', 'Y', 'Width', 'Height', 'Score'].join(',');
}

/**
 * CSV rows for one analysed frame, one per face; a frame without a face gets one row saying so.
 * @example
 * videoCsvRows(1.2, result, [3]);
 */
export function videoCsvRows(time: number, result: ImageResult, faceIds: number[]): string[] {
  const t = csvField(Math.round(time * 1000) / 1000);
  if (result.faces.length === 0)
    return [[t, '', 'No face', ...new Array(REFERENCE_COLUMNS.length - 1 + 5).fill('')].join(',')];
  return result.faces.map((f, i) =>
    [
      t,
      faceIds[i],
      ...[...referenceValues(f), f.box.x, f.box.y, f.box.width, f.box.height, f.score].map(csvField),
    ].join(','),
  );
}
