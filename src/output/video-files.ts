import type { VideoInfo } from '../io/probe-video.js';
import type { FrameSink } from './frame-sink.js';
import { mp4Sink } from './mp4-sink.js';
import type { FrameRenderer } from './frame-renderer.js';
import type { OutputFolder } from './output-folder.js';
import { csvSink, jsonLinesSink } from './row-sinks.js';

/**
 * The frame rate of the analysed frames and how many to expect (0 when the length is unknown): `fps`, at
 * most the source's rate (no frame is analysed twice, see decodeFrames()).
 * @example
 * videoPace(5, { duration: 4, fps: 25, ... }); // { rate: 5, total: 20 }
 */
export function videoPace(fps: number, info: VideoInfo): { rate: number; total: number } {
  const rate = fps && info.fps ? Math.min(fps, info.fps) : fps || info.fps || 25;
  return { rate, total: info.duration ? Math.max(1, Math.round(info.duration * rate)) : 0 };
}

/**
 * The files `fer video -o` and a video job write, in this order: the CSV and the JSON lines of
 * `videoOutputNames` first, so that a frame's rows are saved even when the MP4 encoder then fails, and the MP4.
 * @example
 * const sinks = videoFileSinks(out, 'clip', 5, createFrameRenderer(look));
 */
export function videoFileSinks(out: OutputFolder, stem: string, rate: number, render: FrameRenderer): FrameSink[] {
  return [csvSink(out, stem), jsonLinesSink(out, stem), mp4Sink(out, stem, rate, render)];
}
