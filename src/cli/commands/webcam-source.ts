import { existsSync, statSync } from 'node:fs';
import { FerError } from '../../errors.js';
import type { VideoSource } from '../../pipeline/analyse-video.js';

/** How to list capture devices on each platform. */
const LIST_HINT =
  'list cameras with `v4l2-ctl --list-devices` (Linux), `ffmpeg -f avfoundation -list_devices true -i ""` (macOS) or `ffmpeg -list_devices true -f dshow -i dummy` (Windows); or pass --input URL';

/**
 * The ffmpeg source for `fer webcam`: `--input` (any ffmpeg input) or the platform camera `-w ID`
 * (v4l2 /dev/videoID on Linux, avfoundation index on macOS, dshow device name on Windows).
 * @example
 * webcamSource({ webcam: '0' }); // { input: '/dev/video0', inputOptions: ['-f', 'v4l2'], live: true }
 */
export function webcamSource(o: { webcam?: string; input?: string; inputFormat?: string }): VideoSource {
  if (o.input) {
    const isFile = existsSync(o.input) && statSync(o.input).isFile();
    return { input: o.input, inputOptions: o.inputFormat ? ['-f', o.inputFormat] : [], live: !isFile };
  }
  const id = o.webcam ?? '0';
  if (process.platform === 'darwin')
    return { input: id, inputOptions: ['-f', 'avfoundation', '-framerate', '30'], live: true };
  if (process.platform === 'win32') return { input: `video=${id}`, inputOptions: ['-f', 'dshow'], live: true };
  const device = /^\d+$/.test(id) ? `/dev/video${id}` : id;
  if (!existsSync(device)) throw new FerError('INPUT_NOT_FOUND', `no camera at ${device} (webcam id ${id})`, LIST_HINT);
  return { input: device, inputOptions: ['-f', 'v4l2'], live: true };
}
