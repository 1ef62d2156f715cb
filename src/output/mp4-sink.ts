import type { Canvas } from '@napi-rs/canvas';
import { largest } from '../boxes.js';
import { createVideoWriter, type VideoWriter } from '../io/video-writer.js';
import type { OutputOptions } from '../options.js';
import type { AnalysedFrame } from '../pipeline/analyse-video.js';
import { drawAnnotation } from '../render/annotate.js';
import type { AffectPoint } from '../render/draw-plot.js';
import type { FrameSink } from './frame-sink.js';
import type { OutputFolder } from './output-folder.js';
import { videoOutputNames } from './output-names.js';

/** Points kept for the arousal/valence plot (a sliding window keeps memory flat). */
const PLOT_POINTS = 300;

/** Draws an analysed frame, once for every sink that shows it. */
export type FrameRenderer = (frame: AnalysedFrame) => Promise<Canvas>;

/**
 * Draw each frame once for every sink that shows it (MP4, live page), keeping the plot's history of
 * the largest face.
 * @example
 * const render = createFrameRenderer({ branches: true }); const canvas = await render(frame);
 */
export function createFrameRenderer(look: OutputOptions): FrameRenderer {
  const history: AffectPoint[] = [];
  let last: { index: number; canvas: Promise<Canvas> } | null = null;
  const panel = Boolean(look.branches || look.gradCam);
  return (frame) => {
    if (last?.index === frame.index) return last.canvas;
    const primary = largest(frame.result.faces);
    if (primary) history.push({ time: frame.time, arousal: primary.arousal, valence: primary.valence });
    if (history.length > PLOT_POINTS) history.shift();
    const canvas = drawAnnotation(frame.image, frame.result, {
      branches: look.branches, gradCam: look.gradCam, faceIds: frame.faceIds, panelColumns: panel ? 1 : 0,
      plot: look.plot === false ? undefined : [...history], size: look.size ?? undefined,
    });
    last = { index: frame.index, canvas };
    return canvas;
  };
}

/**
 * The annotated MP4 of `videoOutputNames`: the frames, encoded as they arrive and finished on close. When the
 * encoder fails (killed, disk full) the sink throws and drops the file, so no broken MP4 is committed.
 * @example
 * const sink = mp4Sink(out, 'clip', 5, render);
 */
export function mp4Sink(out: OutputFolder, stem: string, fps: number, render: FrameRenderer): FrameSink {
  const name = videoOutputNames(stem).mp4;
  let writer: VideoWriter | null = null;
  let failed = false;
  const fail = async (e: unknown): Promise<never> => {
    failed = true;
    await writer?.abort();
    await out.drop(name);
    throw e;
  };
  return {
    async onFrame(frame) {
      if (failed) return;
      const canvas = await render(frame);
      writer ??= createVideoWriter(out.path(name), canvas.width, canvas.height, fps);
      const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      await writer.write(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength)).catch(fail);
    },
    async close() {
      if (!failed) await writer?.finish().catch(fail);
    },
    files: () => (writer && !failed ? [name] : []),
  };
}
