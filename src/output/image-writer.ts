import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFailure } from '../io/write-failure.js';
import { imageCsvHeader, imageCsvRows } from './csv-rows.js';
import { toJsonResult } from './json-result.js';
import type { ImageResult } from '../types.js';
import type { OutputFolder } from './output-folder.js';
import { FOLDER_OUTPUTS, imageOutputNames, outputStem } from './output-names.js';
import { openRowsFile } from './rows-file.js';

/** One analysed image, as the result files and `--json` describe it. */
export interface AnalysedImage {
  input: string;
  result: ImageResult;
}

/**
 * The JSON document of one image: input, engine and the rounded result.
 * @example
 * JSON.stringify(imageJson({ input: 'a.jpg', result }, 'onnx'));
 */
export function imageJson(item: AnalysedImage, engine: string): object {
  return { input: item.input, engine, ...toJsonResult(item.result) };
}

/** Write one file through the folder's temporary name; a failed write (disk full) drops the file and throws OUTPUT_UNWRITABLE. */
async function writeOne(out: OutputFolder, name: string, data: string | Buffer): Promise<void> {
  try {
    await writeFile(out.path(name), data);
  } catch (e) {
    await out.drop(name);
    throw writeFailure(e, join(out.dir, name));
  }
}

/**
 * `fer image -i FILE -o` and an image job: the annotated PNG, the CSV and the JSON of `imageOutputNames`.
 * @example
 * await writeImageFiles(out, { input: 'a.jpg', result }, png, fer.engine); await out.commit();
 */
export async function writeImageFiles(
  out: OutputFolder,
  item: AnalysedImage,
  png: Buffer,
  engine: string,
): Promise<void> {
  const names = imageOutputNames(outputStem(item.input));
  await writeOne(out, names.png, png);
  await writeOne(
    out,
    names.csv,
    `${imageCsvHeader()}\n${imageCsvRows(basename(item.input), item.result).join('\n')}\n`,
  );
  await writeOne(out, names.json, JSON.stringify(imageJson(item, engine), null, 1));
}

/** The files of a folder run, filled image by image. */
export interface ImageFolderFiles {
  /** Write the image's annotated PNG and append its rows to `fer.csv`. */
  add(item: AnalysedImage, png: Buffer): Promise<void>;
  /** Write `fer.json` (the whole run's document) and close `fer.csv`. */
  finish(doc: object): Promise<void>;
}

/**
 * `fer image -i DIR -o`: one annotated PNG per image, and the CSV and JSON of `FOLDER_OUTPUTS` for all of them.
 * @example
 * const files = openImageFolderFiles(out); await files.add(item, png); await files.finish(doc); await out.commit();
 */
export function openImageFolderFiles(out: OutputFolder): ImageFolderFiles {
  const csv = openRowsFile(out.path(FOLDER_OUTPUTS.csv), imageCsvHeader());
  return {
    async add(item: AnalysedImage, png: Buffer): Promise<void> {
      await writeOne(out, imageOutputNames(outputStem(item.input)).png, png);
      csv.append(imageCsvRows(basename(item.input), item.result).join('\n'));
    },
    async finish(doc: object): Promise<void> {
      csv.close();
      await writeOne(out, FOLDER_OUTPUTS.json, JSON.stringify(doc, null, 1));
    },
  };
}
