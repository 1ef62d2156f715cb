import type { FrameSink } from '../../output/frame-sink.js';
import type { FrameRenderer } from '../../output/frame-renderer.js';
import type { LiveViewer } from './live-viewer.js';
import type { SignalWatch } from '../terminal/signals.js';
import type { Io } from '../terminal/terminal-io.js';

export type { LiveViewer } from './live-viewer.js';

/**
 * The live page (`-d`): each annotated frame as JPEG with its faces; on close the page says "finished"
 * when the input ended, and stops at once after a signal or a failure (`holdViewer` ends it otherwise).
 * @example
 * const sink = viewerSink(await startLiveViewer(0), render);
 */
export function viewerSink(viewer: LiveViewer, render: FrameRenderer): FrameSink {
  return {
    async onFrame(frame) {
      const jpeg = await (await render(frame)).encode('jpeg', 80);
      const faces = frame.result.faces.map((f, i) => ({
        id: frame.faceIds[i],
        emotion: f.emotion,
        arousal: f.arousal,
        valence: f.valence,
      }));
      viewer.push(jpeg, { frame: frame.index, time: frame.time, faces });
    },
    close: (end) => (end.completed && !end.signal ? viewer.finish() : viewer.end()),
    files: () => [],
  };
}

/**
 * After the input has ended, keep the page up (showing the last frame, "finished") until Ctrl+C or
 * SIGTERM, then stop it.
 * @example
 * await holdViewer(viewer, signals, io);
 */
export async function holdViewer(viewer: LiveViewer, signals: SignalWatch, io: Io): Promise<void> {
  if (!signals.received()) {
    io.err(`input finished: the page stays at ${viewer.url} (Ctrl+C to stop)\n`);
    await new Promise((resolve) => signals.signal.addEventListener('abort', resolve, { once: true }));
  }
  await viewer.end();
}
