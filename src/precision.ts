import { invalidParameterError } from './validate.js';

/** The options that decide precision. */
export interface PrecisionRequest {
  engine: 'onnx' | 'tfjs';
  backend: string;
  gpu: boolean;
  precision?: 'auto' | 'fp32' | 'int8';
}

/**
 * Refuse a precision the request can never run in: int8 by name needs the onnx engine on the CPU. Called by
 * resolveOptions(), so a queued job is refused when it is added; resolveRuntime() decides auto.
 * @example
 * checkPrecision({ engine: 'tfjs', backend: 'auto', gpu: false, precision: 'int8' }); // throws INVALID_OPTION
 */
export function checkPrecision(options: PrecisionRequest): void {
  const precision = options.precision ?? 'auto';
  if (!['auto', 'fp32', 'int8'].includes(precision))
    throw invalidParameterError('precision', 'auto, fp32 or int8', precision);
  if (
    precision === 'int8' &&
    (options.engine !== 'onnx' || options.gpu || !['auto', 'cpu'].includes(options.backend))
  ) {
    throw invalidParameterError(
      'precision',
      "fp32 or auto: int8 runs on the onnx engine's CPU backend only",
      precision,
      'drop --precision int8, or use --engine onnx on the CPU',
    );
  }
}
