import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { openRowsFile } from '../io/rows-file.js';
import { checkInputFile, readImage } from '../io/read-image.js';
import { createVideoWriter, type VideoWriter } from '../io/video-writer.js';
import { analyseVideo } from '../pipeline/analyse-video.js';
import type { Recognizer } from '../pipeline/recognizer.js';
import { createSummary, type VideoSummary } from '../pipeline/video-summary.js';
import { drawAnnotation, renderAnnotated } from '../render/annotate.js';
import { imageCsvHeader, imageCsvRows, toJsonResult, videoCsvHeader, videoCsvRows } from '../render/csv.js';
import type { AffectPoint } from '../render/draw-plot.js';
import { type AtomicOutputs, openAtomicOutputs } from './atomic-outputs.js';
import type { FerJobData } from './job-data.js';

/** A finished job's return value: the video summary (an image counts as one frame) and the files written. */
export interface JobSummary extends VideoSummary {
  kind: 'video' | 'image';
  input: string;
  engine: string;
  outputs: string[];
}

/** Progress reporting and cancellation for one job. */
export interface JobContext {
  signal?: AbortSignal;
  /** Called after each analysed frame; `total` is 0 when the length is unknown. */
  progress?(p: { frames: number; total: number }): Promise<void> | void;
}

/** Points kept for the arousal/valence plot, as in `fer video`. */
const PLOT_POINTS = 300;

/** `fer video -o`'s files for one video: CSV and JSON lines row by row, and the annotated MP4. */
async function writeVideoResults(fer: Recognizer, data: FerJobData, out: AtomicOutputs, ctx: JobContext): Promise<VideoSummary> {
  const stem = basename(data.input, extname(data.input));
  const { info, frames } = await analyseVideo(fer, { input: data.input, fps: data.fps, signal: ctx.signal });
  const summary = createSummary(fer.labels);
  const csv = openRowsFile(out.path(`${stem}_fer.csv`), videoCsvHeader());
  const jsonl = openRowsFile(out.path(`${stem}_fer.jsonl`));
  const rate = data.fps || info.fps || 25;
  const total = info.duration ? Math.max(1, Math.round(info.duration * rate)) : 0;
  const gradCam = fer.options.gradCam;
  const history: AffectPoint[] = [];
  let writer: VideoWriter | null = null;
  try {
    for await (const { index, time, image, result, faceIds } of frames) {
      summary.add(time, result, faceIds);
      csv.append(videoCsvRows(time, result, faceIds).join('\n'));
      jsonl.append(JSON.stringify({ frame: index, time, faces: (toJsonResult(result) as { faces: object[] }).faces.map((f, i) => ({ id: faceIds[i], ...f })) }));
      const primary = [...result.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
      if (primary) history.push({ time, arousal: primary.arousal, valence: primary.valence });
      if (history.length > PLOT_POINTS) history.shift();
      const canvas = await drawAnnotation(image, result, {
        branches: data.branches, gradCam, faceIds, panelColumns: data.branches || gradCam ? 1 : 0, plot: data.plot ? history : undefined, size: data.size ?? undefined,
      });
      writer ??= createVideoWriter(out.path(`${stem}_fer.mp4`), canvas.width, canvas.height, rate);
      const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      await writer.write(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength));
      await ctx.progress?.({ frames: index + 1, total: Math.max(total, index + 1) });
    }
  } catch (e) {
    await writer?.finish().catch(() => undefined);
    throw e;
  } finally {
    csv.close();
    jsonl.close();
  }
  await writer?.finish();
  return summary.result();
}

/** `fer image -i FILE -o`'s files for one image: annotated PNG, CSV and JSON. */
async function writeImageResults(fer: Recognizer, data: FerJobData, out: AtomicOutputs, ctx: JobContext): Promise<VideoSummary> {
  const stem = basename(data.input, extname(data.input));
  const image = await readImage(data.input, fer.options.maxPixels);
  const result = await fer.recognize(image);
  const png = await renderAnnotated(image, result, { branches: data.branches, gradCam: fer.options.gradCam, size: data.size ?? undefined });
  await writeFile(out.path(`${stem}_fer.png`), png);
  await writeFile(out.path(`${stem}_fer.csv`), `${imageCsvHeader()}\n${imageCsvRows(basename(data.input), result).join('\n')}\n`);
  await writeFile(out.path(`${stem}_fer.json`), JSON.stringify({ input: data.input, engine: fer.engine, ...toJsonResult(result) }, null, 1));
  const summary = createSummary(fer.labels);
  summary.add(0, result, result.faces.map((_, i) => i + 1));
  await ctx.progress?.({ frames: 1, total: 1 });
  return summary.result();
}

/**
 * Run one queued job with a loaded recognizer: write the same files as `fer video -o` / `fer image -o`
 * into the job's output folder under temporary names, and rename them only when all are complete.
 * On failure or cancellation nothing is renamed and the temporary files are removed.
 * @example
 * const summary = await runJob(await createRecognizer(data.options), data, { progress: (p) => console.log(p) });
 */
export async function runJob(fer: Recognizer, data: FerJobData, ctx: JobContext = {}): Promise<JobSummary> {
  await checkInputFile(data.input, data.kind);
  const out = await openAtomicOutputs(data.output);
  try {
    const summary = await (data.kind === 'video' ? writeVideoResults : writeImageResults)(fer, data, out, ctx);
    if (ctx.signal?.aborted) throw new Error(`job cancelled (${String(ctx.signal.reason)}): ${data.input}`);
    return { kind: data.kind, input: data.input, engine: fer.engine, ...summary, outputs: await out.commit() };
  } catch (e) {
    await out.discard();
    throw e;
  }
}
