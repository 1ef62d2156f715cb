import { SHARED_CHANNELS, sharedExtent, sharedSize } from '../esr9/definition.js';
import type { Esr9Engine, Esr9Output } from '../esr9/engine.js';
import type { SaliencyMap } from '../types.js';

/**
 * Grad-CAM (Selvaraju et al. 2017) of one branch for one face on a layer with K channels of H x W cells:
 * channel weights alpha_k = mean over cells of d logit / d A_k, map = ReLU(sum_k alpha_k A_k), divided
 * by its maximum (all zeros when nothing is positive).
 * @param activations the layer's activations for this face, K x H x W (row-major)
 * @param gradients d logit[target] / d activations for this face, same layout
 * @example
 * const map = computeGradCam(shared, grad, 128, 8, 8);
 */
export function computeGradCam(
  activations: Float32Array,
  gradients: Float32Array,
  channels: number,
  height: number,
  width: number,
): SaliencyMap {
  const area = height * width;
  const cam = new Float32Array(area);
  for (let k = 0; k < channels; k++) {
    const offset = k * area;
    let alpha = 0;
    for (let p = 0; p < area; p++) alpha += gradients[offset + p];
    alpha /= area;
    if (alpha === 0) continue;
    for (let p = 0; p < area; p++) cam[p] += alpha * activations[offset + p];
  }
  let peak = 0;
  for (let p = 0; p < area; p++) {
    if (cam[p] < 0) cam[p] = 0;
    if (cam[p] > peak) peak = cam[p];
  }
  if (peak > 1e-12) for (let p = 0; p < area; p++) cam[p] /= peak;
  else cam.fill(0);
  return { width, height, data: cam };
}

/**
 * Grad-CAM maps of every branch for a batch of faces, on the shared base's output (8 x 8 cells for a
 * 48 x 48 model: the branches' own last maps are 2 x 2 there) with each branch's own gradients.
 * `out` is the engine's run() result with the shared map; targets[face][branch] the class to explain.
 * Each map carries the part of the face crop its cells cover (`extent`). Returns maps[face][branch].
 * @example
 * const maps = await explainFaces(engine, await engine.run(input, n, true), n, faces.map((f) => f.targets));
 */
export async function explainFaces(
  engine: Esr9Engine,
  out: Esr9Output,
  n: number,
  targets: number[][],
): Promise<SaliencyMap[][]> {
  if (!out.shared) throw new Error('explainFaces: the engine ran without the shared map');
  const shared = out.shared;
  const grads = await engine.gradients(shared, n, targets);
  const per = shared.length / n;
  const side = sharedSize(engine.inputSize);
  const extent = sharedExtent(engine.inputSize);
  return targets.map((row, i) =>
    row.map((_, b) => ({
      ...computeGradCam(
        shared.subarray(i * per, (i + 1) * per),
        grads[b].subarray(i * per, (i + 1) * per),
        SHARED_CHANNELS,
        side,
        side,
      ),
      extent,
    })),
  );
}
