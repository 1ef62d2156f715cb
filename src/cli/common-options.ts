import { type Command, InvalidArgumentError, Option } from 'commander';
import type { FerOptions } from '../index.js';

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
 * Add the model/engine/detector options shared by every subcommand.
 * @example
 * addModelOptions(program.command('image'));
 */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--engine <name>', 'inference engine').choices(['onnx', 'tfjs']).default('onnx'))
    .option('--backend <name>', 'engine backend: onnx cpu|cuda, tfjs wasm|tensorflow|cpu (default: auto)')
    .option('-c, --cuda', 'run ESR-9 on the GPU (onnx CUDA, or tfjs with @tensorflow/tfjs-node-gpu)')
    .addOption(new Option('--detector <name>', 'face detector; none = the whole image is one face').choices(['ssd', 'none']).default('ssd'))
    .option('--largest', 'keep only the largest face (the reference framework\'s behaviour)')
    .option('--min-confidence <p>', 'minimum face detector confidence', parseNumber('--min-confidence'), 0.5)
    .addOption(new Option('--classes <n>', 'output classes: 8, 7 (no contempt), 6 (anger+disgust merged)').choices(['8', '7', '6']).default('8'))
    .option('--model-dir <dir>', 'folder holding esr9.safetensors (default: the bundled model)')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parseNumber('--max-pixels'), 50_000_000)
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
