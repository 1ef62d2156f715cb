import { basename, extname, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  analyseVideo, checkImageFile, createRecognizer, createSummary, createVideoWriter, drawAnnotation, openOutputDir,
  openRowsFile, toJsonResult, videoCsvHeader, videoCsvRows, type AffectPoint, type VideoSource, type VideoSummary,
} from '../index.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './image-command.js';
import { startLiveViewer } from './live-viewer.js';
import { toFerOptions } from './common-options.js';

/** Parsed options shared by `fer video` and `fer webcam`. */
export interface VideoCommandOptions extends Record<string, unknown> {
  fps?: number;
  output?: string;
  branches?: boolean;
  gradCam?: boolean;
  json?: boolean;
  display?: boolean;
  port?: number;
  plot?: boolean;
  size?: 1 | 2 | 3;
}

/** Points kept for the arousal/valence plot (a sliding window keeps memory flat). */
const PLOT_POINTS = 300;

/**
 * A readable summary.
 * @example
 * io.out(formatSummary(summary.result()));
 */
export function formatSummary(s: VideoSummary): string {
  const shares = Object.entries(s.emotionShare).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
    .map(([l, v]) => `${l} ${(v * 100).toFixed(1)}%`).join(', ');
  return [
    `frames analysed: ${s.frames} (${s.framesWithFace} with a face), faces: ${s.faces}, distinct face ids: ${s.faceIds}`,
    `emotions: ${shares || 'none'}`,
    `mean arousal: ${s.meanArousal === null ? 'n/a' : s.meanArousal.toFixed(3)}, mean valence: ${s.meanValence === null ? 'n/a' : s.meanValence.toFixed(3)}`,
  ].join('\n');
}

/** One short line per analysed frame (webcam mode). */
function frameLine(time: number, faces: { emotion: string; arousal: number; valence: number }[], ids: number[]): string {
  const list = faces.map((f, i) => `face ${ids[i]} ${f.emotion} A ${f.arousal.toFixed(2)} V ${f.valence.toFixed(2)}`).join('; ');
  return `${time.toFixed(2)}s ${list || 'no face'}`;
}

/**
 * Analyse a video source frame by frame, writing CSV / JSON-lines / MP4 as it goes, with a progress
 * bar, an optional live page, and a summary; Ctrl+C stops cleanly. Returns the exit code.
 * @example
 * await runVideoCommand({ input: 'clip.mp4', fps: 5 }, { output: 'out' }, 'video', io);
 */
export async function runVideoCommand(source: VideoSource, o: VideoCommandOptions, mode: 'video' | 'webcam', io: Io): Promise<number> {
  if (!source.live && !/^[a-z]+:\/\//i.test(source.input)) await checkImageFile(source.input);
  const out = o.output ? await openOutputDir(o.output) : null;
  const fer = await createRecognizer(toFerOptions(o, Boolean(o.gradCam)));
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const stem = mode === 'webcam' && source.live ? 'webcam' : basename(source.input, extname(source.input)) || 'video';
  let bar: SingleBar | null = null;
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const { info, frames } = await analyseVideo(fer, { ...source, fps: o.fps ?? 0, signal: controller.signal });
    const summary = createSummary(fer.labels);
    const csv = out ? openRowsFile(join(out.dir, `${stem}_fer.csv`), videoCsvHeader()) : null;
    const jsonl = out ? openRowsFile(join(out.dir, `${stem}_fer.jsonl`)) : null;
    if (csv && jsonl) closers.push(() => csv.close(), () => jsonl.close());
    const viewer = o.display ? await startLiveViewer(o.port ?? 0) : null;
    if (viewer) {
      io.err(`live view at ${viewer.url} (Ctrl+C to stop)\n`);
      closers.push(() => viewer.end());
    }
    const rate = o.fps || info.fps || 25;
    const total = info.duration ? Math.max(1, Math.round(info.duration * rate)) : 0;
    if (io.isTTY && total && !o.json && mode === 'video') {
      bar = new SingleBar({ format: 'frames {bar} {value}/{total} | {speed} frames/s | ETA {eta}s', stream: process.stderr });
      bar.start(total, 0, { speed: '0.0' });
    }
    let writer: ReturnType<typeof createVideoWriter> | null = null;
    const history: AffectPoint[] = [];
    const started = Date.now();
    const panel = Boolean(o.branches || o.gradCam);
    for await (const frame of frames) {
      const { result, faceIds, time } = frame;
      summary.add(time, result, faceIds);
      csv?.append(videoCsvRows(time, result, faceIds).join('\n'));
      if (jsonl || o.json) {
        const json = JSON.stringify({ frame: frame.index, time, faces: (toJsonResult(result) as { faces: object[] }).faces.map((f, i) => ({ id: faceIds[i], ...f })) });
        jsonl?.append(json);
        if (o.json) io.out(json + '\n');
      }
      if (!o.json && mode === 'webcam' && !o.display) io.out(frameLine(time, result.faces, faceIds) + '\n');
      const primary = [...result.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
      if (primary) history.push({ time, arousal: primary.arousal, valence: primary.valence });
      if (history.length > PLOT_POINTS) history.shift();
      if (out || viewer) {
        const canvas = await drawAnnotation(frame.image, result, {
          branches: o.branches, gradCam: o.gradCam, faceIds, panelColumns: panel ? 1 : 0, plot: o.plot === false ? undefined : history, size: o.size,
        });
        if (out) {
          if (!writer) {
            writer = createVideoWriter(join(out.dir, `${stem}_fer.mp4`), canvas.width, canvas.height, rate);
            const w = writer;
            closers.unshift(() => w.finish());
          }
          const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          await writer.write(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength));
        }
        viewer?.push(await canvas.encode('jpeg', 80), { frame: frame.index, time, faces: result.faces.map((f, i) => ({ id: faceIds[i], emotion: f.emotion, arousal: f.arousal, valence: f.valence })) });
      }
      bar?.update(Math.min(total, frame.index + 1), { speed: ((frame.index + 1) / ((Date.now() - started) / 1000)).toFixed(1) });
    }
    bar?.stop();
    bar = null;
    const s = summary.result();
    if (o.json) io.out(JSON.stringify({ summary: s }) + '\n');
    else io.out(formatSummary(s) + '\n');
    if (out) io.err(`wrote ${stem}_fer.csv, ${stem}_fer.jsonl${writer ? `, ${stem}_fer.mp4` : ''} to ${out.dir}\n`);
    if (controller.signal.aborted) io.err('interrupted: results so far are saved\n');
    return controller.signal.aborted ? EXIT.INTERRUPTED : EXIT.OK;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onSignal);
    for (const close of closers) await close();
    await fer.dispose();
  }
}
