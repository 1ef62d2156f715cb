import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

/** A `fer` process started from bin/fer.js, with its output collected. */
export interface FerProcess {
  child: ChildProcess;
  /** Stdout so far. */
  out(): string;
  /** Stderr so far. */
  err(): string;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; out: string; err: string }>;
}

/**
 * Start `fer ARGS` as its own process; `fileLimitKb` caps the size of any file it (and its ffmpeg)
 * writes, as a full disk would (`ulimit -f`). The graph cache is off so that only result files are written.
 */
export function spawnFer(args: string[], fileLimitKb?: number): FerProcess {
  const script = `${fileLimitKb ? `ulimit -f ${fileLimitKb}; ` : ''}exec "$0" "$@"`;
  const child = spawn('bash', ['-c', script, process.execPath, join(ROOT, 'bin', 'fer.js'), ...args], {
    env: { ...process.env, FER_CACHE_DIR: 'off' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return { child, out: () => out, err: () => err, exited };
}
