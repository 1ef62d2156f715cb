import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  ANALYSIS_DEFAULTS,
  DEFAULTS,
  DRAW_DEFAULTS,
  type FerOptions,
  LIMITS,
  type OutputOptions,
} from '../../options.js';
import { describeRange, is } from '../../validate.js';

/**
 * Parse a number option strictly (commander passes strings).
 * @example
 * cmd.option('--fps <n>', 'frames per second', parseNumber('--fps'));
 */
export function parseNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} expects a number, got "${value}"`);
    return n;
  };
}

/**
 * Parse a number option that must be above zero (e.g. `--fps`).
 * @example
 * cmd.option('-f, --fps <n>', 'frames per second', parsePositive('--fps'));
 */
export function parsePositive(name: string): (value: string) => number {
  const parse = parseNumber(name);
  return (value: string) => {
    const n = parse(value);
    if (!(n > 0)) throw new InvalidArgumentError(`${name} expects a number above 0, got "${value}"`);
    return n;
  };
}

/**
 * Parse an integer option within [min, max] (e.g. `--port`, `--threads`).
 * @example
 * cmd.option('--port <n>', 'port', parseInteger('--port', 0, 65535));
 */
export function parseInteger(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\s*[-+]?\d+\s*$/.test(value) || !is.integer(n) || !is.inRange(n, min, max)) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : describeRange({ min, max });
      throw new InvalidArgumentError(`${name} expects ${range}, got "${value}"`);
    }
    return n;
  };
}

/**
 * Parse `--port`: 0 (any free port) to 65535.
 * @example
 * parsePort('8080'); // 8080
 */
export const parsePort = parseInteger('--port', 0, 65535);

/**
 * Add the model/engine/detector options shared by every subcommand.
 * @example
 * addModelOptions(program.command('image'));
 */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--engine <name>', 'inference engine').choices(['onnx', 'tfjs']).default(DEFAULTS.engine))
    .option(
      '--backend <name>',
      `engine backend: onnx cpu|webgpu|cuda, tfjs wasm|tensorflow|cpu (default: ${DEFAULTS.backend})`,
    )
    .option(
      '-c, --gpu',
      'run ESR-9 and the face detector on a GPU (onnx: CUDA when installed, else WebGPU; tfjs: @tensorflow/tfjs-node-gpu)',
    )
    .addOption(new Option('--cuda', "the reference framework's name for --gpu (any GPU, not only CUDA)").hideHelp())
    .addOption(
      new Option('--detector <name>', 'face detector; none = the whole image is one face')
        .choices(['ssd', 'none'])
        .default(DEFAULTS.detector),
    )
    .option('--largest', "keep only the largest face (the reference framework's behaviour)")
    .option(
      '--min-confidence <p>',
      'minimum face detector confidence',
      parseNumber('--min-confidence'),
      DEFAULTS.minConfidence,
    )
    .addOption(
      new Option('--classes <n>', 'output classes: 8, 7 (no contempt), 6 (anger+disgust merged)')
        .choices(['8', '7', '6'])
        .default(String(DEFAULTS.classes)),
    )
    .option('--model-dir <dir>', 'folder holding esr9.safetensors (default: the bundled model)')
    .option(
      '--max-pixels <n>',
      'refuse images larger than this many pixels',
      parseInteger('--max-pixels', LIMITS.maxPixels.min),
      DEFAULTS.maxPixels,
    )
    .option(
      '--threads <n>',
      `engine onnx: CPU threads of each ONNX Runtime session (face detector and ESR-9, which run side by side, and Grad-CAM); 0 = half the cores each; at most ${LIMITS.threads.max} (4 per core); not used by --engine tfjs`,
      parseInteger('--threads', LIMITS.threads.min, LIMITS.threads.max),
      DEFAULTS.threads,
    )
    .addOption(
      new Option(
        '--precision <p>',
        'onnx CPU arithmetic: auto = ESR-9 in int8 on CPUs with VNNI (else fp32), int8 = ESR-9 and the detector in int8',
      )
        .choices(['auto', 'fp32', 'int8'])
        .default(DEFAULTS.precision),
    )
    .option(
      '--detector-size <px>',
      `side the face detector sees images and frames at, a multiple of 32; --engine tfjs sees ${DEFAULTS.detectorSize} only (default: ${DEFAULTS.detectorSize})`,
      parseInteger('--detector-size', LIMITS.detectorSize.min, LIMITS.detectorSize.max),
    )
    .option(
      '--flip',
      `flip test-time augmentation: each face's outputs averaged with its mirror's (default: ${DEFAULTS.flip ? 'on' : 'off'})`,
    );
}

/**
 * Library options from parsed CLI options.
 * @example
 * createRecognizer(toFerOptions(opts, true));
 */
export function toFerOptions(o: Record<string, unknown>, gradCam: boolean): FerOptions {
  return {
    engine: o.engine as FerOptions['engine'],
    backend: o.backend as string | undefined,
    gpu: Boolean(o.gpu || o.cuda),
    detector: o.detector as FerOptions['detector'],
    largest: Boolean(o.largest),
    minConfidence: o.minConfidence as number,
    classes: Number(o.classes) as 8 | 7 | 6,
    modelDir: o.modelDir as string | undefined,
    maxPixels: o.maxPixels as number,
    threads: o.threads as number | undefined,
    precision: o.precision as FerOptions['precision'],
    detectorSize: o.detectorSize as number | undefined,
    flip: o.flip as boolean | undefined,
    gradCam,
  };
}

/** Parse `-s 1|2|3`. */
function parseSize(value: string): 1 | 2 | 3 {
  if (!['1', '2', '3'].includes(value)) throw new InvalidArgumentError(`-s expects 1, 2 or 3, got "${value}"`);
  return Number(value) as 1 | 2 | 3;
}

/** Which output options a command takes and how its `-o` is described. */
export interface OutputGroup {
  /** Videos: `-f`, `--detect-every` and `--no-plot` too. */
  video: boolean;
  /** What `-o DIR` writes, for the help. */
  writes: string;
}

/**
 * Add the output-options group (`-o`, `-b`, `-g`, `-s`, and for videos `-f`, `--detect-every`, `--no-plot`) to a
 * command: the one declaration shared by image, video, webcam and queue add; defaults from ANALYSIS_DEFAULTS and DRAW_DEFAULTS.
 * @example
 * addOutputOptions(program.command('video'), { video: true, writes: 'the CSV, JSON lines and MP4' });
 */
export function addOutputOptions(cmd: Command, group: OutputGroup): Command {
  cmd
    .option('-o, --output <dir>', `write ${group.writes} into this folder`)
    .option(
      '-b, --branches',
      'every branch: the branch panel (largest face in videos), and every branch in image tables',
    )
    .option('-g, --grad-cam', 'compute Grad-CAM maps and draw them in the branch panel')
    .addOption(
      new Option(
        '-s, --size <n>',
        'output size: 1=1920x1080, 2=1440x900, 3=1024x768 (default: follows the input)',
      ).argParser(parseSize),
    );
  if (!group.video) return cmd;
  return cmd
    .option(
      '-f, --fps <n>',
      'video frames analysed per second of video time, above 0 (default: every frame)',
      parsePositive('--fps'),
    )
    .option(
      '--detect-every <k>',
      `run the face detector on every k-th analysed frame, sooner when needed (rules: docs/video.md); 1 = every frame (default: ${ANALYSIS_DEFAULTS.detectEvery})`,
      parseInteger('--detect-every', 1),
    )
    .option(
      '--no-plot',
      `no arousal/valence plot (the reference's -np; -np works too; default: ${DRAW_DEFAULTS.plot ? 'plot' : 'none'})`,
    );
}

/**
 * The output options of parsed CLI options (the type a queued job carries too).
 * @example
 * toOutputOptions(opts); // { output: 'out', fps: 5, detectEvery: undefined, branches: true, gradCam: false, plot: true, size: undefined }
 */
export function toOutputOptions(o: Record<string, unknown>): OutputOptions {
  return {
    output: o.output as string | undefined,
    fps: o.fps as number | undefined,
    detectEvery: o.detectEvery as number | undefined,
    branches: Boolean(o.branches),
    gradCam: Boolean(o.gradCam),
    plot: o.plot as boolean | undefined,
    size: o.size as 1 | 2 | 3 | undefined,
  };
}
