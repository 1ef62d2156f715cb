import type { Runtime } from '../runtime/resolve-runtime.js';
import type { Esr9Weights } from './weights.js';

/** Raw ESR-9 outputs for a batch of N faces (plain arrays: no tensors leave an engine). */
export interface Esr9Output {
  /** N x 9 x 8 emotion logits. */
  logits: Float32Array;
  /** N x 9 x 2 (arousal, valence). */
  affect: Float32Array;
  /** Per branch, N x 512 x 8 x 8 last-conv feature maps (only when requested). */
  features?: Float32Array[];
}

/** An execution engine for ESR-9. */
export interface Esr9Engine {
  /** Engine and backend actually in use, e.g. 'onnx/cpu'. */
  readonly name: string;
  /** Run a batch of N inputs laid out N x 3 x 96 x 96 (BGR, [0,1]). */
  run(input: Float32Array, n: number, withFeatures: boolean): Promise<Esr9Output>;
  /** Release the engine's resources. */
  dispose(): Promise<void>;
}

/**
 * Create the engine of a resolved runtime, built from the single ESR-9 definition and its weights.
 * @example
 * const engine = await createEngine(await loadWeights(dir), resolveRuntime(resolveOptions({ engine: 'tfjs' })));
 */
export async function createEngine(weights: Esr9Weights, runtime: Runtime): Promise<Esr9Engine> {
  if (runtime.engine === 'tfjs') {
    const { createTfjsEngine } = await import('./tfjs-engine.js');
    return createTfjsEngine(weights, runtime);
  }
  const { createOnnxEngine } = await import('./onnx-engine.js');
  return createOnnxEngine(weights, runtime);
}
