/** The filter chain of one decode and the log that tells which source frame each output frame is. */
export interface SampledFrameInfo {
  /** Seconds, the source frame's own presentation time. */
  time: number;
  /** The frame's position among the source's decoded frames (0 = the first). */
  sourceIndex: number;
  /** Whether a scene cut lies between the previous sampled frame (exclusive) and this one (inclusive). */
  cut: boolean;
}

/** ffmpeg's scene-change score (0-100, scdet) above which two consecutive source frames are a cut. */
export const SCENE_CHANGE_SCORE = 10;

/** Source-frame log lines held while waiting for the output line of the same frame. */
const SOURCE_LINES_KEPT = 64;

/** Slots are this much wide of exact, so that 0.4 s * 5/s counts as slot 2 despite floating point. */
const SLOT_SLACK = 1e-6;

/**
 * The ffmpeg video filters that decode a source for analysis: scene-cut detection on every source frame,
 * then (when `fps` > 0) the first source frame at or after each slot k/fps (never a frame twice, so a rate
 * above the source's keeps every frame once), scaled, each logged with its own timestamp. Frames that are
 * not kept are never scaled or converted.
 * @example
 * samplingFilters(5, 640, 360); // ['scdet=…', 'showinfo=checksum=0', "select='…'", 'scale=640:360', 'showinfo=checksum=0']
 */
export function samplingFilters(fps: number, width: number, height: number): string[] {
  const logged = 'showinfo=checksum=0';
  const scale = `scale=${width}:${height}`;
  const cuts = `scdet=threshold=${SCENE_CHANGE_SCORE}`;
  if (!(fps > 0)) return [cuts, scale, logged];
  const slot = (t: string): string => `floor(${t}*${fps}+${SLOT_SLACK})`;
  return [cuts, logged, `select='eq(n,0)+gt(${slot('t')},${slot('prev_t')})'`, scale, logged];
}

/** Reads ffmpeg's log of a samplingFilters() chain, line by line, into one SampledFrameInfo per output frame. */
export interface FrameLog {
  /** Read one stderr line; false when it is not part of the frame log (an ordinary message). */
  read(line: string): boolean;
  /** The frames logged and not yet taken, in output order (the reader shifts them off as it uses them). */
  readonly frames: SampledFrameInfo[];
}

/**
 * A FrameLog for the chain samplingFilters(fps, …) builds.
 * @example
 * const log = createFrameLog(5); cmd.on('stderr', (line) => log.read(line)); // log.frames[0].time === 0
 */
export function createFrameLog(fps: number): FrameLog {
  const sampled = fps > 0;
  const [sourceTag, outputTag] = sampled ? ['Parsed_showinfo_1', 'Parsed_showinfo_4'] : ['', 'Parsed_showinfo_2'];
  const sources: { pts: string; n: number }[] = [];
  const cuts: number[] = [];
  const frames: SampledFrameInfo[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  let count = 0;
  return {
    frames,
    read(line: string): boolean {
      const cut = /lavfi\.scd\.time:\s*(-?[\d.]+)/.exec(line);
      if (cut) return cuts.push(Number(cut[1])) > 0;
      const m = /^\[(Parsed_\w+) @ [^\]]*\] n:\s*(\d+)\s+pts:\s*(-?\d+)\s+pts_time:(-?[\d.e+-]+)/.exec(line);
      if (!m) return line.startsWith('[Parsed_');
      const [tag, n, pts, time] = [m[1], Number(m[2]), m[3], Number(m[4])];
      // the filters pass one frame at a time: a kept frame's source line comes just before its output line
      if (tag === sourceTag && sources.push({ pts, n }) > SOURCE_LINES_KEPT) sources.shift();
      if (tag !== outputTag) return true;
      while (sources.length && sources[0].pts !== pts) sources.shift();
      const sourceIndex = sampled ? (sources.shift()?.n ?? n) : n;
      const isCut = count++ > 0 && cuts.some((c) => c > previous && c <= time);
      while (cuts.length && cuts[0] <= time) cuts.shift();
      previous = time;
      frames.push({ time, sourceIndex, cut: isCut });
      return true;
    },
  };
}
