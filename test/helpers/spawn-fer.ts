import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';
import { describeValue, timeoutError, WAIT_MS, watchdog } from './wait-for.js';

/** How a `fer` process is started. */
export interface SpawnOptions {
  /** Cap, in KiB, on the size of any file it (and its ffmpeg) writes, as a full disk would (`ulimit -f`). */
  fileLimitKb?: number;
  /** Variables set for it over this process's environment (undefined removes one). */
  env?: NodeJS.ProcessEnv;
  /** Node flags put before bin/fer.js (`--max-old-space-size=4096`). */
  nodeArgs?: string[];
  /** Use the graph cache as a user's `fer` does (default: off, so that only result files are written). */
  cache?: boolean;
}

/** How a `fer` process ended, with all it wrote. */
export interface FerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** A `fer` process started from bin/fer.js, with its output collected. */
export interface FerProcess {
  child: ChildProcess;
  /** Stdout so far. */
  out(): string;
  /** Stderr so far. */
  err(): string;
  /** Resolves when it exits and its output is closed. */
  exited: Promise<FerExit>;
  /**
   * Resolve with the first match of `pattern` in its stderr (or stdout) as soon as it is written;
   * reject if it exits first, or after `timeoutMs`, with what it wrote.
   */
  waitForOutput(pattern: RegExp, o?: { stream?: 'out' | 'err'; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** `exited`, under a watchdog: after `ms` it is killed and this rejects (a guard against a hang, not a speed check). */
  exitWithin(ms: number): Promise<FerExit>;
}

/** The environment of a `fer` process: this one's, the graph cache off unless `cache`, then `extra`. */
function ferEnv(cache = false, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(cache ? {} : { FER_CACHE_DIR: 'off' }), ...extra };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

/** Start node (through bash when a file-size cap is asked) on bin/fer.js with `args`. */
function startFer(args: string[], o: SpawnOptions): ChildProcess {
  const argv = [...(o.nodeArgs ?? []), join(ROOT, 'bin', 'fer.js'), ...args];
  const options = { env: ferEnv(o.cache, o.env), stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  if (o.fileLimitKb === undefined) return spawn(process.execPath, argv, options);
  return spawn('bash', ['-c', `ulimit -f ${o.fileLimitKb}; exec "$0" "$@"`, process.execPath, ...argv], options);
}

/**
 * Start `fer ARGS` as its own process (`options` may be just the `fileLimitKb` number); its stdout and
 * stderr are collected, and can be waited on line by line.
 * @example
 * const run = spawnFer(['video', '-i', clip, '-o', out]);
 * await run.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\//);
 * run.child.kill('SIGINT');
 * assert.equal((await run.exitWithin(60_000)).code, 130);
 */
export function spawnFer(args: string[], options: number | SpawnOptions = {}): FerProcess {
  const child = startFer(args, typeof options === 'number' ? { fileLimitKb: options } : options);
  let out = '',
    err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<FerExit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  const name = `fer ${args.join(' ')}`;
  const written = (): string =>
    `stdout: ${describeValue(out.slice(-2000))}, stderr: ${describeValue(err.slice(-2000))}`;
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitForOutput(pattern, { stream = 'err', timeoutMs = WAIT_MS } = {}) {
      const source = stream === 'out' ? child.stdout! : child.stderr!;
      const what = `${name} to write ${pattern} on std${stream}`;
      return new Promise((resolve, reject) => {
        const settle = (result: RegExpExecArray | Error): void => {
          clearTimeout(timer);
          source.off('data', look);
          child.off('close', ended);
          if (result instanceof Error) reject(result);
          else resolve(result);
        };
        const look = (): void => {
          const match = pattern.exec(stream === 'out' ? out : err);
          if (match) settle(match);
        };
        const ended = (code: number | null, signal: NodeJS.Signals | null): void => {
          settle(
            pattern.exec(stream === 'out' ? out : err) ??
              new Error(`${name} exited (${code ?? signal}) before it wrote ${pattern} on std${stream}; ${written()}`),
          );
        };
        const timer = setTimeout(
          () => settle(timeoutError(what, timeoutMs, { out: out.slice(-2000), err: err.slice(-2000) })),
          timeoutMs,
        );
        source.on('data', look);
        child.on('close', ended);
        look();
      });
    },
    exitWithin(ms) {
      return watchdog(
        exited,
        ms,
        () => `${name} (${written()})`,
        () => child.kill('SIGKILL'),
      );
    },
  };
}
