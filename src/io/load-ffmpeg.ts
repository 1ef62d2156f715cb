/** fluent-ffmpeg, loaded on first use: only video input needs it, so an image run or a library import does not pay for it. */
import type ffmpegModule from 'fluent-ffmpeg';

/** fluent-ffmpeg's command factory. */
export type Ffmpeg = typeof ffmpegModule;

let loading: Promise<Ffmpeg> | null = null;

/**
 * fluent-ffmpeg's command factory, imported once on first call.
 * @example
 * const ffmpeg = await loadFfmpeg(); ffmpeg('clip.mp4').setFfmpegPath(ffmpegPath());
 */
export function loadFfmpeg(): Promise<Ffmpeg> {
  return (loading ??= import('fluent-ffmpeg').then((m) => m.default as Ffmpeg));
}
