import { open } from 'node:fs/promises';

/**
 * Whether an MP4 file holds its index (the `moov` box): ffmpeg can exit 0 on a full disk and leave an
 * MP4 without one, which no player opens ("moov atom not found"). Reads only the top-level box headers.
 * @example
 * if (!(await hasMp4Index('out/clip.mp4'))) throw new Error('incomplete MP4');
 */
export async function hasMp4Index(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(16);
    for (let at = 0; at + 8 <= size; ) {
      const { bytesRead } = await file.read(head, 0, 16, at);
      if (bytesRead < 8) return false;
      const type = head.toString('latin1', 4, 8);
      const short = head.readUInt32BE(0);
      const length =
        short === 1 && bytesRead === 16 ? Number(head.readBigUInt64BE(8)) : short === 0 ? size - at : short;
      if (type === 'moov') return at + length <= size;
      if (length < 8) return false;
      at += length;
    }
    return false;
  } finally {
    await file.close();
  }
}
