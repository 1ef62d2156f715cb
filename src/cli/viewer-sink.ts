import type { FrameSink } from '../output/frame-sink.js';
import type { FrameRenderer } from '../output/frame-renderer.js';
import type { startLiveViewer } from './live-viewer.js';

/** The live page `startLiveViewer` returns. */
export type LiveViewer = Awaited<ReturnType<typeof startLiveViewer>>;

/**
 * The live page (`-d`): each annotated frame as JPEG and the faces as an event; ended on close.
 * @example
 * const sink = viewerSink(await startLiveViewer(0), render);
 */
export function viewerSink(viewer: LiveViewer, render: FrameRenderer): FrameSink {
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
