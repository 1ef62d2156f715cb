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
export { createTracker } from './pipeline/tracker.js';
export type { AffectPoint } from './render/draw-plot.js';
export { enqueue, type EnqueueReport, type EnqueueSettings } from './queue/enqueue.js';
export { createWorker, type FerWorker, type WorkerEvent, type WorkerSettings } from './queue/create-worker.js';
export { cleanQueue, getQueueStatus, type QueueStatus } from './queue/queue-status.js';
export { DEFAULT_QUEUE, type QueueTarget } from './queue/open-queue.js';
export { DEFAULT_REDIS_URL, redactRedisUrl } from './queue/redis-connection.js';
export { validateJobData, type FerJobData, type JobOptions } from './queue/job-data.js';
export type { JobSummary } from './queue/run-job.js';
