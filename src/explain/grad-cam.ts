import type { SaliencyMap } from '../types.js';

/**
 * Grad-CAM of one branch for one face, exact for ESR-9: the logit is fc(GAP(A)), so
 * d logit_c / d A_k(i,j) = W[c,k] / (H*W) everywhere, the channel weights are alpha_k = W[c,k] / (H*W),
 * and the map is ReLU(sum_k alpha_k A_k), divided by its maximum (all zeros when nothing is positive).
 * @param features the branch's last conv activations for this face, K x H x W (row-major)
 * @param fcWeight the branch's fc weight, [classes, K] row-major
 * @param target the AffectNet class index to explain
 * @example
 * const map = computeGradCam(features, fc.weight, 512, 8, 8, predicted);
 */
export function computeGradCam(features: Float32Array, fcWeight: Float32Array, channels: number, height: number, width: number, target: number): SaliencyMap {
  const area = height * width;
  const cam = new Float32Array(area);
  for (let k = 0; k < channels; k++) {
    const alpha = fcWeight[target * channels + k] / area;
    if (alpha === 0) continue;
    const offset = k * area;
    for (let p = 0; p < area; p++) cam[p] += alpha * features[offset + p];
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
