import { basename, resolve } from 'node:path';
import { FerError } from '../../errors.js';
import { checkInputFile, isDirectory, scanFolder } from '../../io/input-file.js';
import { readImage } from '../../io/read-image.js';
import type { OutputOptions } from '../../options.js';
import type { AnalysedImage, ImageFolderFiles } from '../../output/image-writer.js';
import type { OutputFolder } from '../../output/output-folder.js';
import { checkDistinctOutputs, FOLDER_OUTPUTS, isOutputName, outputStem } from '../../output/output-names.js';
import { createRecognizer, type Recognizer } from '../../pipeline/recognizer.js';
import { toJsonResult } from '../../output/json-result.js';
import { toFerOptions } from './common-options.js';
import type { ImageServer, Shown } from '../viewer/display.js';
import { EXIT } from '../terminal/exit-codes.js';
import { formatTable } from '../terminal/format-table.js';
import { printable } from '../terminal/printable.js';
import { startProgress, type Progress } from '../terminal/progress.js';
import { signalExitCode, watchSignals } from '../terminal/signals.js';
import type { Io } from '../terminal/terminal-io.js';

/** Parsed options of `fer image`: the output group and the terminal/page options. */
export interface ImageCommandOptions extends OutputOptions, Record<string, unknown> {
  input: string;
  json?: boolean;
  display?: boolean;
  port?: number;
}

/** The result writers, loaded only by runs that write files or print JSON (`-o`, `--json`). */
const loadWriters = (): Promise<typeof import('../../output/image-writer.js')> =>
  import('../../output/image-writer.js');

/** What a run has done so far. */
interface ImageRun {
  folder: boolean;
  paths: string[];
  results: AnalysedImage[];
  failed: { input: string; code: string; message: string }[];
  shown: Shown[];
}

/**
 * `fer image`: recognise one image or every image in a folder; returns the exit code.
 * @example
 * await runImageCommand({ input: 'a.jpg', branches: true }, io);
 */
export async function runImageCommand(o: ImageCommandOptions, io: Io): Promise<number> {
  const server =
    o.display && o.port !== undefined ? await (await import('../viewer/display.js')).serveImages(o.port) : null; // node:http loads only for -d
  try {
    return await recognizeImages(o, io, server);
  } finally {
    await server?.close();
  }
}

/** The images of a run: one file, or a folder's images (fer's own results left out when the folder is also `-o`), checked for clashing outputs. */
async function listInputs(o: ImageCommandOptions): Promise<{ folder: boolean; paths: string[] }> {
  if (!(await isDirectory(o.input))) {
    await checkInputFile(o.input, 'image');
    return { folder: false, paths: [o.input] };
  }
  const outDir = o.output ? resolve(o.output) : null;
  const paths = await scanFolder(o.input, {
    skip: (p, isFolder) => !isFolder && resolve(p, '..') === outDir && isOutputName(p),
  });
  if (paths.length === 0)
    throw new FerError('INPUT_NOT_FOUND', `no images in folder: ${o.input}`, 'expected .jpg, .png, .webp, ... files');
  if (o.output) checkDistinctOutputs(paths.map((input) => ({ input, dir: o.output as string })));
  return { folder: true, paths };
}

/** Analyse one image: table on stdout, annotated PNG into the files and the page. */
async function analyseOne(
  path: string,
  o: ImageCommandOptions,
  io: Io,
  fer: Recognizer,
  files: { out: OutputFolder | null; folder: ImageFolderFiles | null },
  run: ImageRun,
): Promise<void> {
  const image = await readImage(path, fer.options.maxPixels);
  const item = { input: path, result: await fer.recognize(image) };
  run.results.push(item);
  if (!o.json) io.out(formatTable(printable(path), item.result, Boolean(o.branches)) + '\n');
  if (!files.out && !o.display) return;
  const { renderAnnotated } = await import('../../render/annotate.js'); // canvas loads only when something is drawn
  const png = await renderAnnotated(image, item.result, {
    branches: o.branches,
    gradCam: o.gradCam,
    size: o.size ?? undefined,
  });
  if (files.folder) await files.folder.add(item, png);
  else if (files.out) await (await loadWriters()).writeImageFiles(files.out, item, png, fer.engine);
  if (o.display) run.shown.push({ name: basename(path), png });
}

/** Analyse the images in order until done or a signal comes; a folder's unreadable images are listed, not fatal. */
async function analyseAll(
  o: ImageCommandOptions,
  io: Io,
  fer: Recognizer,
  out: OutputFolder | null,
  run: ImageRun,
  stopped: () => boolean,
): Promise<void> {
  const folderFiles = out && run.folder ? (await loadWriters()).openImageFolderFiles(out) : null;
  let bar: Progress | null = null;
  if (run.folder && io.isTTY && !o.json)
    bar = startProgress(io, 'images {bar} {value}/{total} | {eta}s left | {file}', run.paths.length, { file: '' });
  try {
    for (const path of run.paths) {
      if (stopped()) break;
      try {
        await analyseOne(path, o, io, fer, { out, folder: folderFiles }, run);
      } catch (e) {
        if (!run.folder || !(e instanceof FerError) || e.code === 'OUTPUT_UNWRITABLE') throw e;
        run.failed.push({ input: path, code: e.code, message: e.message });
      }
      bar?.increment({ file: printable(basename(path)) });
    }
  } finally {
    bar?.stop();
    await folderFiles?.finish(folderDocument(run, fer.engine));
  }
}

/** `fer.json` / `--json` of a folder run: every image analysed so far, and those that failed. */
function folderDocument(run: ImageRun, engine: string): object {
  return {
    engine,
    images: run.results.map((r) => ({ input: r.input, ...toJsonResult(r.result) })),
    failed: run.failed,
  };
}

/** The work of `fer image`, with the page already bound when `-d --port` asked for one. */
async function recognizeImages(o: ImageCommandOptions, io: Io, server: ImageServer | null): Promise<number> {
  const { folder, paths } = await listInputs(o);
  const out = o.output
    ? await (
        await import('../../output/output-folder.js')
      ).openOutputFolder(o.output, folder ? FOLDER_OUTPUTS.stem : outputStem(o.input))
    : null;
  const run: ImageRun = { folder, paths, results: [], failed: [], shown: [] };
  const signals = watchSignals(io);
  let fer: Recognizer | null = null;
  let failure: unknown = null;
  try {
    fer = await createRecognizer(toFerOptions(o, Boolean(o.gradCam)));
    await analyseAll(o, io, fer, out, run, () => signals.received() !== null);
  } catch (e) {
    failure = e;
  }
  await fer?.dispose();
  const keep = !failure || (folder && run.results.length > 0); // a folder run keeps the images done; one image is all or nothing
  const closing = await (keep ? out?.commit() : out?.discard())?.then(
    () => null,
    (e: unknown) => e,
  );
  signals.dispose(); // only now: a signal before the commit must not stop it half way
  if (failure || closing) throw failure ?? closing;
  return reportImages(o, io, run, fer!.engine, signals.received(), server);
}

/** `--json`, the closing lines on stderr, the page; returns the exit code. */
async function reportImages(
  o: ImageCommandOptions,
  io: Io,
  run: ImageRun,
  engine: string,
  signal: NodeJS.Signals | null,
  server: ImageServer | null,
): Promise<number> {
  if (o.json && run.results.length)
    io.out(
      JSON.stringify(
        run.folder ? folderDocument(run, engine) : (await loadWriters()).imageJson(run.results[0], engine),
        null,
        1,
      ) + '\n',
    );
  if (o.output) io.err(`wrote results to ${printable(o.output)}\n`);
  for (const f of run.failed) io.err(`skipped ${printable(f.input)}: ${printable(f.message)}\n`);
  if (run.failed.length) io.err(`${run.failed.length} of ${run.paths.length} images could not be read\n`);
  if (signal) {
    io.err(
      `interrupted by ${signal} after ${run.results.length + run.failed.length} of ${run.paths.length} images: results so far are saved\n`,
    );
    return signalExitCode(signal);
  }
  if (o.display && run.shown.length)
    await (await import('../viewer/display.js')).displayImages(run.shown, server, (line) => io.err(line + '\n'));
  return run.failed.length ? EXIT.PARTIAL : EXIT.OK;
}
