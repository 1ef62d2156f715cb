/**
 * fer: facial expression recognition with the ESR-9 ensemble.
 * @example
 * import { createRecognizer } from 'fer';
 * const fer = await createRecognizer();
 * const { faces } = await fer.recognize('photo.jpg');
 * await fer.dispose();
 */
export { createRecognizer, type Recognizer } from './pipeline/recognizer.js';
export { evaluateFolder, type EvalReport } from './pipeline/evaluate.js';
export { resolveOptions, DISPLAY_SIZES, type FerOptions, type ResolvedOptions } from './options.js';
export { FerError, type FerErrorCode } from './errors.js';
export { EMOTIONS } from './esr9/definition.js';
export { checkImageFile, readImage } from './io/read-image.js';
export { listImages, isDirectory } from './io/list-images.js';
export { openOutputDir } from './io/output-dir.js';
export { renderAnnotated, type RenderOptions } from './render/annotate.js';
export { imageCsvHeader, imageCsvRows, toJsonResult, REFERENCE_COLUMNS, csvField, referenceValues } from './render/csv.js';
export type { Box, BranchResult, FaceResult, ImageInput, ImageResult, RawImage, SaliencyMap } from './types.js';
export { analyseVideo, frameSize, type AnalysedFrame, type VideoSource } from './pipeline/analyse-video.js';
export { createSummary, type VideoSummary } from './pipeline/video-summary.js';
export { createTracker } from './pipeline/tracker.js';
export { createVideoWriter, type VideoWriter } from './io/video-writer.js';
export { openRowsFile } from './io/rows-file.js';
export { drawAnnotation } from './render/annotate.js';
export type { AffectPoint } from './render/draw-plot.js';
export { videoCsvHeader, videoCsvRows } from './render/csv.js';
