import { join } from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import type { AnalysedFrame } from '../pipeline/analyse-video.js';
import { drawAnnotation } from '../render/annotate.js';
import type { AffectPoint } from '../render/draw-plot.js';
import { createVideoWriter, type VideoWriter } from '../io/video-writer.js';
import type { startLiveViewer } from './live-viewer.js';
import type { FrameSink } from './video-sinks.js';

/** Points kept for the arousal/valence plot (a sliding window keeps memory flat). */
const PLOT_POINTS = 300;

/** The live page `startLiveViewer` returns. */
export type LiveViewer = Awaited<ReturnType<typeof startLiveViewer>>;

/** What the annotated frames show. */
export interface FrameLook {
  branches?: boolean;
  gradCam?: boolean;
  /** False: no arousal/valence plot. */
  plot?: boolean;
  size?: 1 | 2 | 3;
}

/**
 * Draw each frame once for every sink that shows it (MP4, live page), keeping the plot's history.
 * @example
 * const render = createFrameRenderer({ branches: true }); const canvas = await render(frame);
 */
export function createFrameRenderer(look: FrameLook): (frame: AnalysedFrame) => Promise<Canvas> {
  const history: AffectPoint[] = [];
  let last: { index: number; canvas: Promise<Canvas> } | null = null;
  const panel = Boolean(look.branches || look.gradCam);
  return (frame) => {
    if (last?.index === frame.index) return last.canvas;
    const primary = [...frame.result.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (primary) history.push({ time: frame.time, arousal: primary.arousal, valence: primary.valence });
    if (history.length > PLOT_POINTS) history.shift();
    const canvas = drawAnnotation(frame.image, frame.result, {
      branches: look.branches, gradCam: look.gradCam, faceIds: frame.faceIds, panelColumns: panel ? 1 : 0,
      plot: look.plot === false ? undefined : [...history], size: look.size,
    });
    last = { index: frame.index, canvas };
    return canvas;
  };
}

/**
 * `<stem>_fer.mp4`: the annotated frames, encoded as they arrive; the file is finished on close.
 * @example
 * const sink = mp4Sink('out', 'clip', 5, render);
 */
export function mp4Sink(dir: string, stem: string, fps: number, render: (frame: AnalysedFrame) => Promise<Canvas>): FrameSink {
  const name = `${stem}_fer.mp4`;
  let writer: VideoWriter | null = null;
  return {
    async onFrame(frame) {
      const canvas = await render(frame);
      writer ??= createVideoWriter(join(dir, name), canvas.width, canvas.height, fps);
      const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      await writer.write(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength));
    },
    close: async () => writer?.finish(),
    files: () => (writer ? [name] : []),
  };
}

/**
 * The live page (`-d`): each annotated frame as JPEG and the faces as an event; ended on close.
 * @example
 * const sink = viewerSink(await startLiveViewer(0), render);
 */
export function viewerSink(viewer: LiveViewer, render: (frame: AnalysedFrame) => Promise<Canvas>): FrameSink {
  return {
    async onFrame(frame) {
      const jpeg = await (await render(frame)).encode('jpeg', 80);
      const faces = frame.result.faces.map((f, i) => ({ id: frame.faceIds[i], emotion: f.emotion, arousal: f.arousal, valence: f.valence }));
      viewer.push(jpeg, { frame: frame.index, time: frame.time, faces });
    },
    close: () => viewer.end(),
    files: () => [],
  };
}
