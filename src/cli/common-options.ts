import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS, type FerOptions } from '../options.js';

/**
 * Parse a number option strictly (commander passes strings).
 * @example
 * cmd.option('--fps <n>', 'frames per second', parseNumber('--fps'));
 */
export function parseNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} expects a number, got "${value}"`);
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
    if (!/^\s*[-+]?\d+\s*$/.test(value) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
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
    .option('--backend <name>', `engine backend: onnx cpu|webgpu|cuda, tfjs wasm|tensorflow|cpu (default: ${DEFAULTS.backend})`)
    .option('-c, --cuda', 'run ESR-9 and the face detector on the GPU (onnx: CUDA when installed, else WebGPU; tfjs: @tensorflow/tfjs-node-gpu)')
    .addOption(new Option('--detector <name>', 'face detector; none = the whole image is one face').choices(['ssd', 'none']).default(DEFAULTS.detector))
    .option('--largest', 'keep only the largest face (the reference framework\'s behaviour)')
    .option('--min-confidence <p>', 'minimum face detector confidence', parseNumber('--min-confidence'), DEFAULTS.minConfidence)
    .addOption(new Option('--classes <n>', 'output classes: 8, 7 (no contempt), 6 (anger+disgust merged)').choices(['8', '7', '6']).default(String(DEFAULTS.classes)))
    .option('--model-dir <dir>', 'folder holding esr9.safetensors (default: the bundled model)')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parseInteger('--max-pixels', 1), DEFAULTS.maxPixels)
    .option('--threads <n>', 'CPU threads for the onnx engine; 0 lets ONNX Runtime choose', parseInteger('--threads', 0), DEFAULTS.threads)
    .option('--verbose', 'print stack traces of errors');
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
    gpu: Boolean(o.cuda),
    detector: o.detector as FerOptions['detector'],
    largest: Boolean(o.largest),
    minConfidence: o.minConfidence as number,
    classes: Number(o.classes) as 8 | 7 | 6,
    modelDir: o.modelDir as string | undefined,
    maxPixels: o.maxPixels as number,
    threads: o.threads as number | undefined,
    gradCam,
  };
}

/**
 * Parse `-s 1|2|3`.
 * @example
 * parseSize('2'); // 2
 */
export function parseSize(value: string): 1 | 2 | 3 {
  if (!['1', '2', '3'].includes(value)) throw new InvalidArgumentError(`-s expects 1, 2 or 3, got "${value}"`);
  return Number(value) as 1 | 2 | 3;
}
