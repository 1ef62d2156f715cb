import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Bump when a graph builder changes what it emits for the same weights. */
const GRAPH_VERSION = 3;

/** Entries kept per model name (older ones are deleted), so the cache stays a few hundred MB at most. */
const KEEP_PER_MODEL = 3;

/** Names of models earlier versions cached and this one never reads (the 160 MB Grad-CAM gradient graph, now built per run). */
const RETIRED_NAMES = ['esr9-gradients'];

/** Delete the weight files written for a cached graph, except `keep`. */
function removeDataFiles(path: string, keep = ''): void {
  const prefix = `${basename(path)}.`;
  for (const f of readdirSync(dirname(path))) {
    if (f.startsWith(prefix) && f.endsWith('.data') && f !== keep) rmSync(join(dirname(path), f), { force: true });
  }
}

/** Delete all but the newest KEEP_PER_MODEL cached graphs of a model name, with their weight files. */
function prune(dir: string, name: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.onnx'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP_PER_MODEL)) removeCacheEntry(join(dir, f));
}

/**
 * Delete a cached graph and its weight file (e.g. when ONNX Runtime cannot load it); never throws.
 * @example
 * removeCacheEntry(cachedModelPath('esr9', id, '1.30.0')!);
 */
export function removeCacheEntry(path: string): void {
  try {
    rmSync(path, { force: true });
    removeDataFiles(path);
  } catch {
    /* an unreadable cache folder is only a slower start */
  }
}

/**
 * Delete the entries of models this version no longer caches (left by an earlier fer); never throws.
 * @example
 * removeRetiredEntries(); // frees the 160 MB gradient graph fer 0.1 cached
 */
export function removeRetiredEntries(): void {
  const dir = modelCacheDir();
  if (!dir) return;
  try {
    for (const f of readdirSync(dir)) {
      if (RETIRED_NAMES.some((name) => f.startsWith(`${name}-`))) rmSync(join(dir, f), { force: true });
    }
  } catch {
    /* no cache folder yet, or an unreadable one: nothing to free */
  }
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
  const key = createHash('sha256')
    .update([GRAPH_VERSION, name, source, ortVersion, process.arch, cpus()[0]?.model ?? ''].join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(dir, `${name}-${key}.onnx`);
}

/**
 * A temporary path beside the cache entry for ONNX Runtime to write the graph to, the name of the file
 * its weights go to (unique per write, so the graph never points at another process's file; ONNX Runtime
 * maps it into memory instead of copying the weights, which halves session creation), and a function that
 * publishes the graph atomically (so concurrent processes never read a half-written file); all are no-ops
 * on failure.
 * @example
 * const { temp, dataName, publish } = prepareCacheWrite(path); // session options: optimizedModelFilePath: temp
 */
export function prepareCacheWrite(path: string): { temp: string | null; dataName: string; publish(ok: boolean): void } {
  const unique = `${process.pid}.${Date.now()}`;
  const temp = `${path}.${unique}.tmp`;
  const dataName = `${basename(path)}.${unique}.data`;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    return { temp: null, dataName, publish: () => undefined };
  }
  const discard = (): void => {
    rmSync(temp, { force: true });
    rmSync(join(dirname(path), dataName), { force: true });
  };
  return {
    temp,
    dataName,
    publish(ok: boolean): void {
      try {
        if (ok) {
          renameSync(temp, path);
          removeDataFiles(path, dataName);
          prune(dirname(path), basename(path).replace(/-[0-9a-f]{16}\.onnx$/, ''));
        } else discard();
      } catch {
        discard();
      }
    },
  };
}
