/** The engine and detector rows of `npm run bench`: ESR-9 per engine and precision, the detectors per engine and size. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDetector } from '../src/detect/create-detector.js';
import { createEngine } from '../src/esr9/create-engine.js';
import { withFlip } from '../src/esr9/flip-engine.js';
import { loadWeights } from '../src/esr9/weights.js';
import { readImage } from '../src/io/read-image.js';
import { DEFAULT_MODEL_DIR, resolveOptions } from '../src/options.js';
import { resolveRuntime } from '../src/runtime/resolve-runtime.js';
import { median } from './measure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ASTRONAUT = join(ROOT, 'media', 'astronaut.png');
const SHARED = join(ROOT, '..', 'shared');

/** Records one row of the bench table. */
type Row = (what: string, value: string, note?: string) => void;

/** A deterministic network input of n faces of side `size`, values in [0, 1]. */
function networkInput(n: number, size: number): Float32Array {
  let s = 7;
  return Float32Array.from({ length: n * 3 * size * size }, () => ((s = (s * 1103515245 + 12345) >>> 0) % 1000) / 1000);
}

/** ESR-9 per engine: ms per face at batch 1 and 8; on the onnx CPU engine also 1 and 2 threads, and Grad-CAM. */
export async function benchEngines(row: Row, GPU: boolean): Promise<void> {
  const weights = await loadWeights(DEFAULT_MODEL_DIR);
  const size = weights.inputSize;
  for (const engineName of ['onnx', 'tfjs'] as const) {
    const engine = await createEngine(
      weights,
      resolveRuntime(resolveOptions({ engine: engineName, gpu: GPU && engineName === 'onnx' })),
    );
    for (const n of [1, 8]) {
      const input = networkInput(n, size);
      row(
        `ESR-9 ${engine.name} (${size}x${size}), batch ${n}`,
        `${((await median(() => engine.run(input, n, false), n === 1 ? 15 : 5)) / n).toFixed(1)} ms/face`,
      );
    }
    await engine.dispose();
  }
  if (GPU) return;
  const input = networkInput(1, size);
  const fp32 = await createEngine(weights, resolveRuntime(resolveOptions({ threads: 1, precision: 'fp32' })));
  const fp32Ms = await median(() => fp32.run(input, 1, false), 15);
  row(`ESR-9 onnx/cpu fp32 (${size}x${size}), 1 thread, batch 1`, `${fp32Ms.toFixed(1)} ms/face`);
  await fp32.dispose();
  for (const threads of [1, 2]) {
    const engine = await createEngine(weights, resolveRuntime(resolveOptions({ threads })));
    const ms = await median(() => engine.run(input, 1, false), 15);
    const int8 = engine.name.endsWith('int8');
    row(
      `ESR-9 ${engine.name} (default precision), ${threads} thread${threads > 1 ? 's' : ''}, batch 1`,
      `${ms.toFixed(1)} ms/face`,
      threads === 1
        ? `${(fp32Ms / ms).toFixed(1)}x fp32${int8 ? `; target <= 5 ms${ms > 5 ? ': not met' : ': met'}` : ''}`
        : '',
    );
    if (threads === 1) {
      const gradCam = async (): Promise<void> => {
        const out = await engine.run(input, 1, true);
        await engine.gradients(out.shared!, 1, [new Array(9).fill(0)]);
      };
      await gradCam();
      row(`ESR-9 + Grad-CAM gradients onnx/cpu, 1 thread`, `${(await median(gradCam, 9)).toFixed(1)} ms/face`);
      const flip = withFlip(engine);
      const flipMs = await median(() => flip.run(input, 1, false), 15);
      row(
        `ESR-9 ${flip.name} (--flip: flip test-time augmentation), 1 thread, batch 1`,
        `${flipMs.toFixed(1)} ms/face`,
        `${(flipMs / ms).toFixed(2)}x without flip; target <= 8 ms${flipMs > 8 ? ': not met' : ': met'}`,
      );
    }
    await engine.dispose();
  }
}

/** The production detectors of both engines on the sample images: ms per frame and their ratio; then int8 and smaller input sides. */
export async function benchDetectors(row: Row, GPU: boolean): Promise<void> {
  const onnxOptions = resolveOptions({ gpu: GPU });
  const tfjsOptions = resolveOptions({ engine: 'tfjs' });
  const int8Options = resolveOptions({ precision: 'int8' });
  const onnx = await createDetector(onnxOptions, resolveRuntime(onnxOptions));
  const faceApi = await createDetector(tfjsOptions, resolveRuntime(tfjsOptions));
  const int8 = GPU ? null : await createDetector(int8Options, resolveRuntime(int8Options));
  const sides = GPU ? [] : [384, 320].map((detectorSize) => resolveOptions({ detectorSize }));
  const smaller = new Map(
    await Promise.all(sides.map(async (o) => [o.detectorSize, await createDetector(o, resolveRuntime(o))] as const)),
  );
  for (const path of [ASTRONAUT, join(SHARED, 'media', 'multi_face.jpg')].filter((p) => existsSync(p))) {
    const image = await readImage(path, 1e8);
    const name = `${path.split('/').pop()} (${image.width}x${image.height})`;
    const ours = await median(() => onnx.detect(image), 9);
    const theirs = await median(() => faceApi.detect(image), 9);
    row(
      `SSD detector fp32 at 512, ${name}`,
      `${ours.toFixed(0)} ms/frame`,
      `face-api SSD (tfjs-wasm) ${theirs.toFixed(0)} ms: ${(theirs / ours).toFixed(1)}x faster`,
    );
    if (!int8) continue;
    const faces = (await onnx.detect(image)).length;
    const q = await median(() => int8.detect(image), 9);
    row(
      `SSD detector int8 (--precision int8) at 512, ${name}`,
      `${q.toFixed(0)} ms/frame`,
      `${(ours / q).toFixed(1)}x fp32; ${(await int8.detect(image)).length} of ${faces} faces`,
    );
    for (const [side, small] of smaller) {
      const ms = await median(() => small.detect(image), 9);
      row(
        `SSD detector fp32 at ${side} (--detector-size ${side}), ${name}`,
        `${ms.toFixed(0)} ms/frame`,
        `${(ours / ms).toFixed(1)}x 512; ${(await small.detect(image)).length} of ${faces} faces`,
      );
    }
  }
  await Promise.all([
    onnx.dispose(),
    faceApi.dispose(),
    int8?.dispose(),
    ...[...smaller.values()].map((d) => d.dispose()),
  ]);
}
