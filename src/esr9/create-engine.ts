import type { Runtime } from '../runtime/resolve-runtime.js';
import type { Esr9Engine } from './engine.js';
import type { Esr9Weights } from './weights.js';

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
