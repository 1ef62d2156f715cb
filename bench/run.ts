/** `npm run bench`: medians of ESR-9 latency per engine, face detection, Grad-CAM, cold-start `fer image`, and `fer video` frames per second (single runs). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDetector } from '../src/detect/detector.js';
import { createEngine } from '../src/esr9/engine.js';
import { loadWeights } from '../src/esr9/weights.js';
import { createRecognizer, readImage, resolveOptions } from '../src/index.js';
import { DEFAULT_MODEL_DIR } from '../src/options.js';
import { ASTRONAUT, ROOT, SHARED, tempDir } from '../test/helpers/fixtures.js';
import { randomInput, writeRandomModel } from '../test/helpers/random-weights.js';
import { faceClip } from '../test/helpers/videos.js';

/** Median of timings (ms) of `runs` calls after `warmup` calls. */
async function median(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** Print one result line. */
function report(name: string, ms: number, unit = 'ms'): void {
  process.stdout.write(`${name.padEnd(48)} ${ms.toFixed(1).padStart(9)} ${unit}\n`);
}

const modelDir = existsSync(join(DEFAULT_MODEL_DIR, 'esr9.safetensors')) ? DEFAULT_MODEL_DIR : writeRandomModel(1);
process.stdout.write(`fer bench (model: ${modelDir === DEFAULT_MODEL_DIR ? 'bundled' : 'random weights'}; medians)\n`);
const weights = await loadWeights(modelDir);
for (const engineName of ['onnx', 'tfjs'] as const) {
  const engine = await createEngine(weights, resolveOptions({ engine: engineName }));
  for (const n of [1, 8]) {
    const input = randomInput(n);
    const ms = await median(() => engine.run(input, n, false), n === 1 ? 15 : 5);
    report(`ESR-9 ${engine.name} batch ${n}, per face`, ms / n);
  }
  const one = randomInput(1);
  report(`ESR-9 ${engine.name} batch 1 + Grad-CAM features`, await median(() => engine.run(one, 1, true), 10));
  await engine.dispose();
}
const detector = await createDetector(resolveOptions());
const images = [ASTRONAUT, join(SHARED, 'media', 'multi_face.jpg')].filter((p) => existsSync(p));
for (const path of images) {
  const image = await readImage(path, 1e8);
  report(`SSD face detection ${path.split('/').pop()} (${image.width}x${image.height})`, await median(() => detector.detect(image), 7));
}
detector.dispose();
const fer = await createRecognizer({ modelDir, gradCam: true });
report('recognize astronaut.png (detect + ESR-9 + Grad-CAM)', await median(() => fer.recognize(ASTRONAUT), 7));
await fer.dispose();
const bin = join(ROOT, 'bin', 'fer.js');
report('cold start `fer image -i media/astronaut.png`', await median(async () => execFileSync(process.execPath, [bin, 'image', '-i', ASTRONAUT, '--model-dir', modelDir], { stdio: 'ignore' }), 5, 1));
const clipPath = existsSync(join(SHARED, 'media', 'test.mp4')) ? join(SHARED, 'media', 'test.mp4') : faceClip(5, 25);
for (const args of [['-f', '5'], ['-f', '5', '-g'], [], ['-g']]) {
  const out = tempDir('fer-bench-');
  const start = performance.now();
  const stdout = execFileSync(process.execPath, [bin, 'video', '-i', clipPath, '-o', out, '--model-dir', modelDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const seconds = (performance.now() - start) / 1000;
  const frames = Number(/frames analysed: (\d+)/.exec(stdout)?.[1] ?? 0);
  report(`fer video ${clipPath.split('/').pop()} ${args.join(' ') || '(every frame)'}: ${frames} frames`, frames / seconds, 'frames/s');
}
