import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './fixtures.js';

/** The heavy packages (queue, drawing, image and video decoding, the engines) that load only on first use. */
export const HEAVY_PACKAGES = [
  'bullmq',
  'ioredis',
  '@napi-rs/canvas',
  'sharp',
  'fluent-ffmpeg',
  '@ffmpeg-installer/ffmpeg',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@vladmandic/face-api',
  'onnxruntime-node',
];

/** What a traced child process loaded. */
export interface ModuleTrace {
  status: number | null;
  stderr: string;
  /** Every module URL resolved by the ESM loader or loaded by require(), in any thread. */
  urls: string[];
  /** The npm packages among them (the innermost node_modules/<name> of each URL). */
  packages: Set<string>;
}

/** The npm package a module URL belongs to, or null for project files and builtins. */
export function packageOf(url: string): string | null {
  const m = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return m ? m[1] : null;
}

/**
 * Run `node <args>` in the repository root with module-trace-preload and return what it loaded.
 * @example
 * const { packages } = traceModules(['--input-type=module', '-e', "await import('./dist/src/index.js')"]);
 */
export function traceModules(args: string[], timeout = 120_000): ModuleTrace {
  const file = join(tempDir('fer-trace-'), 'modules.txt');
  const preload = new URL('./module-trace-preload.js', import.meta.url).href;
  const r = spawnSync(process.execPath, ['--import', preload, ...args], {
    cwd: ROOT,
    env: { ...process.env, FER_MODULE_TRACE: file },
    encoding: 'utf8',
    timeout,
  });
  const urls = [...new Set((existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').filter(Boolean))];
  return {
    status: r.status,
    stderr: r.stderr,
    urls,
    packages: new Set(urls.map(packageOf).filter((p): p is string => p !== null)),
  };
}
