import { spawn } from 'node:child_process';
import { FerError } from '../errors.js';
import { ffmpegPath } from './ffmpeg-path.js';

/** An image format that sharp lacks and ffmpeg reads, found from the file's first bytes. */
export interface FfmpegImageFormat {
  /** ffmpeg's demuxer for the format. */
  demuxer: string;
  width: number;
  height: number;
}

/** Bytes of a file's start that `sniffFfmpegImage` needs. */
export const SNIFF_BYTES = 32;

/** DIB header sizes of the BMP variants (OS/2 v1 is 12 bytes with 16-bit sizes). */
const BMP_HEADERS = [12, 16, 40, 52, 56, 64, 108, 124];

/**
 * Recognise a format that goes through ffmpeg (today BMP), with the size from its header.
 * @example
 * sniffFfmpegImage(readFileSync('scan.bmp')); // { demuxer: 'bmp_pipe', width: 640, height: 480 }
 */
export function sniffFfmpegImage(head: Buffer): FfmpegImageFormat | null {
  if (head.length < 26 || head.toString('latin1', 0, 2) !== 'BM') return null;
  const dib = head.readUInt32LE(14);
  if (!BMP_HEADERS.includes(dib)) return null;
  const width = dib === 12 ? head.readUInt16LE(18) : head.readInt32LE(18);
  const height = dib === 12 ? head.readUInt16LE(20) : Math.abs(head.readInt32LE(22));
  return { demuxer: 'bmp_pipe', width, height };
}

/**
 * Decode the first frame of an image file or buffer with ffmpeg and re-encode it as PNG bytes.
 * @example
 * const png = await convertToPng('scan.bmp', 'bmp_pipe', 'scan.bmp');
 */
export function convertToPng(input: string | Buffer, demuxer: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        demuxer,
        '-i',
        typeof input === 'string' ? input : 'pipe:0',
        '-frames:v',
        '1',
        '-f',
        'image2pipe',
        '-c:v',
        'png',
        'pipe:1',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => out.push(d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.stdin.on('error', () => undefined);
    proc.on('error', (e) =>
      reject(
        new FerError(
          'ENGINE_UNAVAILABLE',
          `cannot run ffmpeg to read ${name}`,
          'reinstall dependencies with npm ci, or set FFMPEG_PATH',
          { cause: e },
        ),
      ),
    );
    proc.on('close', (code) => {
      const png = Buffer.concat(out);
      if (code === 0 && png.length > 0) resolve(png);
      else {
        const why = stderr.trim().split('\n').pop() || `ffmpeg exited with ${code}`;
        reject(
          new FerError(
            'INPUT_CORRUPT',
            `corrupt or truncated image: ${name} (${why.slice(0, 200)})`,
            'the file could not be decoded; check it opens in an image viewer',
            { cause: new Error(stderr.trim()) },
          ),
        );
      }
    });
    proc.stdin.end(typeof input === 'string' ? undefined : input);
  });
}
