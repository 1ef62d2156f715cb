/**
 * fer: facial expression recognition with the ESR-9 ensemble. The entry loads no native module at import:
 * ONNX Runtime, sharp, @napi-rs/canvas and ffmpeg load on first use; the job queue (BullMQ on Redis) has
 * its own entry, `fer-esr9/queue`.
 * @example
 * import { createRecognizer } from 'fer-esr9';
 * const fer = await createRecognizer();
 * const { faces } = await fer.recognize('photo.jpg');
 * await fer.dispose();
 */
export { createRecognizer, type Recognizer } from './pipeline/recognizer.js';
export { evaluateFolder, type EvalReport } from './pipeline/evaluate.js';
export { resolveOptions, DEFAULTS, DISPLAY_SIZES, type FerOptions, type ResolvedOptions } from './options.js';
export { FerError, type FerErrorCode } from './errors.js';
export { EMOTIONS } from './esr9/definition.js';
export { readImage, PIXEL_CEILING } from './io/read-image.js';
export { drawAnnotation, renderAnnotated, type RenderOptions } from './render/annotate.js';
export { imageCsvHeader, imageCsvRows, videoCsvHeader, videoCsvRows } from './output/csv-rows.js';
export { toJsonResult } from './output/json-result.js';
export type { Box, BranchResult, FaceResult, ImageInput, ImageResult, RawImage, SaliencyMap } from './types.js';
export { analyseVideo, type AnalysedFrame, type VideoSource } from './pipeline/analyse-video.js';
export type { VideoInfo } from './io/probe-video.js';
export { createSummary, type VideoSummary } from './pipeline/video-summary.js';
export { createTracker } from './track/tracker.js';
export type { AffectPoint } from './render/draw-plot.js';
