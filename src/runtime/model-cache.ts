import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Bump when a graph builder changes what it emits for the same weights. */
const GRAPH_VERSION = 2;

/** Entries kept per model name (older ones are deleted), so the cache stays a few hundred MB at most. */
const KEEP_PER_MODEL = 3;

/** Delete all but the newest KEEP_PER_MODEL cached graphs of a model name. */
function prune(dir: string, name: string): void {
  const entries = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.onnx'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP_PER_MODEL)) rmSync(join(dir, f), { force: true });
}

/**
 * The folder for ONNX Runtime's optimised graphs: $FER_CACHE_DIR, else $XDG_CACHE_HOME/fer, else
 * ~/.cache/fer; null when FER_CACHE_DIR=off.
 * @example
 * modelCacheDir(); // '/home/me/.cache/fer'
 */
export function modelCacheDir(): string | null {
  const dir = process.env.FER_CACHE_DIR;
  if (dir === 'off') return null;
  return dir || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fer');
}

/**
 * Where the optimised graph for a model source lives: keyed by the source (weights file, size, mtime),
 * ONNX Runtime's version and the processor, because optimised graphs are specific to both.
 * @example
 * cachedModelPath('esr9', '/models/esr9.safetensors:40767500:1732700000', '1.30.0'); // '.../esr9-3f2a….onnx'
 */
export function cachedModelPath(name: string, source: string, ortVersion: string): string | null {
  const dir = modelCacheDir();
  if (!dir) return null;
  const key = createHash('sha256').update([GRAPH_VERSION, name, source, ortVersion, process.arch, cpus()[0]?.model ?? ''].join('\n')).digest('hex').slice(0, 16);
  return join(dir, `${name}-${key}.onnx`);
}

/**
 * A temporary path beside the cache entry for ONNX Runtime to write to, and a function that publishes it
 * atomically (so concurrent processes never read a half-written file); both are no-ops on failure.
 * @example
 * const { temp, publish } = prepareCacheWrite(path); // session options: optimizedModelFilePath: temp
 */
export function prepareCacheWrite(path: string): { temp: string | null; publish(ok: boolean): void } {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    return { temp: null, publish: () => undefined };
  }
  return {
    temp,
    publish(ok: boolean): void {
      try {
        if (ok) {
          renameSync(temp, path);
          prune(dirname(path), basename(path).replace(/-[0-9a-f]{16}\.onnx$/, ''));
        } else rmSync(temp, { force: true });
      } catch {
        rmSync(temp, { force: true });
      }
    },
  };
}
