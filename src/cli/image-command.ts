import { basename, extname } from 'node:path';
import { FerError } from '../errors.js';
import { readImage } from '../io/read-image.js';
import { createRecognizer } from '../pipeline/recognizer.js';
import { renderAnnotated } from '../render/annotate.js';
import { imageCsvHeader, imageCsvRows, toJsonResult } from '../render/csv.js';
import type { ImageResult } from '../types.js';
import { isDirectory, listImages } from '../io/list-images.js';
import { openOutputDir } from '../io/output-dir.js';
import { checkInputFile } from '../io/read-image.js';
import { displayImages, serveImages, type ImageServer, type Shown } from './display.js';
import { EXIT } from './exit-codes.js';
import { formatTable } from './format-table.js';
import { toFerOptions } from './common-options.js';
import type { Io } from './io.js';
import { startProgress } from './progress.js';

/** Parsed options of `fer image`. */
export interface ImageCommandOptions extends Record<string, unknown> {
  input: string;
  branches?: boolean;
  gradCam?: boolean;
  output?: string;
  json?: boolean;
  display?: boolean;
  size?: 1 | 2 | 3;
  port?: number;
}

/**
 * `fer image`: recognise one image or every image in a folder; returns the exit code.
 * @example
 * await runImageCommand({ input: 'a.jpg', branches: true }, io);
 */
export async function runImageCommand(o: ImageCommandOptions, io: Io): Promise<number> {
  const server = o.display && o.port !== undefined ? await serveImages(o.port) : null;
  try {
    return await recognizeImages(o, io, server);
  } finally {
    await server?.close();
  }
}

/** The work of `fer image`, with the page already bound when `-d --port` asked for one. */
async function recognizeImages(o: ImageCommandOptions, io: Io, server: ImageServer | null): Promise<number> {
  const folder = await isDirectory(o.input);
  const paths = folder ? await listImages(o.input) : [o.input];
  if (!folder) await checkInputFile(o.input, 'image');
  if (folder && paths.length === 0) throw new FerError('INPUT_NOT_FOUND', `no images in folder: ${o.input}`, 'expected .jpg, .png, .webp, ... files');
  const out = o.output ? await openOutputDir(o.output) : null;
  const fer = await createRecognizer(toFerOptions(o, Boolean(o.gradCam)));
  const csvName = folder ? 'fer.csv' : `${basename(o.input, extname(o.input))}_fer.csv`;
  if (out) await out.write(csvName, imageCsvHeader() + '\n');
  const bar = folder && io.isTTY && !o.json ? startProgress(io, 'images {bar} {value}/{total} | {eta}s left | {file}', paths.length, { file: '' }) : null;
  const results: { input: string; result: ImageResult }[] = [];
  const failed: { input: string; code: string; message: string }[] = [];
  const shown: Shown[] = [];
  try {
    for (const path of paths) {
      try {
        const image = await readImage(path, fer.options.maxPixels);
        const result = await fer.recognize(image);
        results.push({ input: path, result });
        if (!o.json) io.out(formatTable(path, result, Boolean(o.branches)) + '\n');
        const render = out || o.display;
        const png = render ? await renderAnnotated(image, result, { branches: o.branches, gradCam: o.gradCam, size: o.size }) : null;
        if (out && png) {
          const stem = basename(path, extname(path));
          await out.write(`${stem}_fer.png`, png);
          await out.append(csvName, imageCsvRows(basename(path), result).join('\n') + '\n');
          if (!folder) await out.write(`${stem}_fer.json`, JSON.stringify({ input: path, engine: fer.engine, ...toJsonResult(result) }, null, 1));
        }
        if (o.display && png) shown.push({ name: basename(path), png });
      } catch (e) {
        if (!folder || !(e instanceof FerError)) throw e;
        failed.push({ input: path, code: e.code, message: e.message });
      }
      bar?.increment({ file: basename(path) });
    }
  } finally {
    bar?.stop();
    await fer.dispose();
  }
  const doc = folder
    ? { engine: fer.engine, images: results.map((r) => ({ input: r.input, ...toJsonResult(r.result) })), failed }
    : { input: o.input, engine: fer.engine, ...toJsonResult(results[0].result) };
  if (out && folder) await out.write('fer.json', JSON.stringify(doc, null, 1));
  if (o.json) io.out(JSON.stringify(doc, null, 1) + '\n');
  if (out) io.err(`wrote results to ${out.dir}\n`);
  for (const f of failed) io.err(`skipped ${f.input}: ${f.message}\n`);
  if (failed.length) io.err(`${failed.length} of ${paths.length} images could not be read\n`);
  if (o.display && shown.length) await displayImages(shown, server, (line) => io.err(line + '\n'));
  return failed.length ? EXIT.PARTIAL : EXIT.OK;
}
