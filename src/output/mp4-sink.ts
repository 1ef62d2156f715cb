import { createVideoWriter, type VideoWriter } from '../io/video-writer.js';
import type { FrameSink } from './frame-sink.js';
import type { FrameRenderer } from './frame-renderer.js';
import type { OutputFolder } from './output-folder.js';
import { videoOutputNames } from './output-names.js';

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
