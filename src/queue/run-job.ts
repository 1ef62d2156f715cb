import { FerError } from '../errors.js';
import { readImage } from '../io/read-image.js';
import { checkInputFile } from '../io/input-file.js';
import { analyseVideo } from '../pipeline/analyse-video.js';
import type { Recognizer } from '../pipeline/recognizer.js';
import type { VideoSummary } from '../pipeline/video-summary.js';
import { renderAnnotated } from '../render/annotate.js';
import { detectEarlyEnd, earlyEndError } from '../output/early-end.js';
import { type FrameSink, type RunEnd, runSinks } from '../output/frame-sink.js';
import { writeImageFiles } from '../output/image-writer.js';
import { createFrameRenderer } from '../output/frame-renderer.js';
import { type OutputFolder, openOutputFolder } from '../output/output-folder.js';
import { outputStem } from '../output/output-names.js';
import { summarySink } from '../output/summary-sink.js';
import { videoFileSinks, videoPace } from '../output/video-files.js';
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

/** What a job's analysis gives: the summary, and where a video that stopped short ended. */
interface JobRun {
  summary: VideoSummary;
  endedEarly: RunEnd['endedEarly'];
}

/** `fer video -o`'s files for one video, through the same sinks, with its early end judged as `fer video` judges it. */
async function writeVideoJob(fer: Recognizer, data: FerJobData, out: OutputFolder, ctx: JobContext): Promise<JobRun> {
  const { info, frames } = await analyseVideo(fer, {
    input: data.input,
    fps: data.fps,
    detectEvery: data.detectEvery,
    signal: ctx.signal,
  });
  const { rate, total } = videoPace(data.fps, info);
  const summary = summarySink(fer.labels);
  const progress: FrameSink = {
    onFrame: (f) => ctx.progress?.({ frames: f.index + 1, total: Math.max(total, f.index + 1) }),
    close: () => undefined,
    files: () => [],
  };
  const sinks = [
    summary,
    ...videoFileSinks(
      out,
      outputStem(data.input),
      rate,
      createFrameRenderer({ ...data, gradCam: data.options.gradCam }),
    ),
    progress,
  ];
  const { end, failure } = await runSinks(frames, sinks, (lastTime) => ({
    completed: true,
    signal: null,
    endedEarly: detectEarlyEnd(info, lastTime, rate),
  }));
  if (failure) throw failure;
  return { summary: summary.result(), endedEarly: end.endedEarly };
}

/** `fer image -i FILE -o`'s files for one image, through the same writer. */
async function writeImageJob(fer: Recognizer, data: FerJobData, out: OutputFolder, ctx: JobContext): Promise<JobRun> {
  const image = await readImage(data.input, fer.options.maxPixels);
  const result = await fer.recognize(image);
  const png = await renderAnnotated(image, result, {
    branches: data.branches,
    gradCam: data.options.gradCam,
    size: data.size ?? undefined,
  });
  await writeImageFiles(out, { input: data.input, result }, png, fer.engine);
  const summary = summarySink(fer.labels);
  await summary.onFrame({ index: 0, time: 0, image, result, faceIds: result.faces.map((_, i) => i + 1) });
  await ctx.progress?.({ frames: 1, total: 1 });
  return { summary: summary.result(), endedEarly: null };
}

/** JOB_CANCELLED for a job whose signal was aborted (a lost lock, a stopping worker). */
function cancelled(data: FerJobData, signal: AbortSignal, cause: unknown): FerError {
  return new FerError(
    'JOB_CANCELLED',
    `job cancelled (${String(signal.reason)}): ${data.input}`,
    'the queue runs it again (on this or another worker)',
    { cause },
  );
}

/**
 * Run one queued job with a loaded recognizer: analyse, feed the same sinks as `fer video -o` /
 * `fer image -o` into the job's output folder under temporary names, and commit them only when all
 * are complete. On failure or cancellation (JOB_CANCELLED) nothing is renamed and the temporary files
 * are removed. A video that ends early keeps its results, as `fer video -o` does, and then throws
 * INPUT_ENDED_EARLY.
 * @example
 * const summary = await runJob(await createRecognizer(data.options), data, { progress: (p) => console.log(p) });
 */
export async function runJob(fer: Recognizer, data: FerJobData, ctx: JobContext = {}): Promise<JobSummary> {
  await checkInputFile(data.input, data.kind);
  const out = await openOutputFolder(data.output, outputStem(data.input));
  let run: JobRun, outputs: string[];
  try {
    run = await (data.kind === 'video' ? writeVideoJob : writeImageJob)(fer, data, out, ctx);
    if (ctx.signal?.aborted) throw cancelled(data, ctx.signal, null);
    outputs = await out.commit();
  } catch (e) {
    await out.discard();
    throw ctx.signal?.aborted && !(e instanceof FerError && e.code === 'JOB_CANCELLED')
      ? cancelled(data, ctx.signal, e)
      : e;
  }
  if (run.endedEarly) throw earlyEndError(data.input, run.endedEarly);
  return { kind: data.kind, input: data.input, engine: fer.engine, ...run.summary, outputs };
}
