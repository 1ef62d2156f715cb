import type { Canvas } from '@napi-rs/canvas';
import { largest } from '../boxes.js';
import type { OutputOptions } from '../options.js';
import type { AnalysedFrame } from '../pipeline/analyse-video.js';
import { drawAnnotation } from '../render/annotate.js';
import type { AffectPoint } from '../render/draw-plot.js';

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
      branches: look.branches,
      gradCam: look.gradCam,
      faceIds: frame.faceIds,
      panelColumns: panel ? 1 : 0,
      plot: look.plot === false ? undefined : [...history],
      size: look.size ?? undefined,
    });
    last = { index: frame.index, canvas };
    return canvas;
  };
}
