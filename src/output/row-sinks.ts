import type { AnalysedFrame } from '../pipeline/analyse-video.js';
import { videoCsvHeader, videoCsvRows } from './csv-rows.js';
import { toJsonResult } from './json-result.js';
import type { FrameSink } from './frame-sink.js';
import type { OutputFolder } from './output-folder.js';
import { videoOutputNames } from './output-names.js';
import { openRowsFile } from './rows-file.js';

/**
 * One frame as a JSON line's object with face ids (a line of the JSON-lines file and of `--json`); `frame` is
 * the source frame's number (with `-f`, the analysed frames' numbers skip).
 * @example
 * JSON.stringify(frameJson(frame)); // '{"frame":0,"time":0,"faces":[{"id":1,...}]}'
 */
export function frameJson(frame: AnalysedFrame): object {
  const faces = (toJsonResult(frame.result) as { faces: object[] }).faces.map((f, i) => ({
    id: frame.faceIds[i],
    ...f,
  }));
  return { frame: frame.sourceIndex ?? frame.index, time: frame.time, faces };
}

/**
 * The video CSV: the reference columns, one row per face, written as each frame arrives.
 * @example
 * const sink = csvSink(out, 'clip');
 */
export function csvSink(out: OutputFolder, stem: string): FrameSink {
  const name = videoOutputNames(stem).csv;
  const file = openRowsFile(out.path(name), videoCsvHeader());
  return {
    onFrame: (f) => file.append(videoCsvRows(f.time, f.result, f.faceIds).join('\n')),
    close: () => file.close(),
    files: () => [name],
  };
}

/**
 * The JSON-lines file: one JSON line per analysed frame.
 * @example
 * const sink = jsonLinesSink(out, 'clip');
 */
export function jsonLinesSink(out: OutputFolder, stem: string): FrameSink {
  const name = videoOutputNames(stem).jsonl;
  const file = openRowsFile(out.path(name));
  return { onFrame: (f) => file.append(JSON.stringify(frameJson(f))), close: () => file.close(), files: () => [name] };
}
