import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FerProcess, spawnFer } from './spawn-fer.js';

/** How one run ended: its exit code (or signal), its stderr and the files it left. */
export interface ExitOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  err: string;
  /** Hidden files left in the output folder (temporary result files, locks); empty for library scripts. */
  hidden: string[];
  /** Result files under their final names. */
  files: string[];
}

/** Each way a library script can end with a recognizer open and busy, with the exit code Node gives it and its stderr. */
export const LIBRARY_PATHS: { name: string; code: number; stderr: RegExp }[] = [
  { name: 'uncaught-error', code: 1, stderr: /no-such-file\.png/ },
  { name: 'unhandled-rejection', code: 1, stderr: /nobody catches this/ },
  { name: 'throw', code: 1, stderr: /a plain throw while a recognizer is open/ },
  { name: 'exit', code: 0, stderr: /^$/ },
  { name: 'no-dispose', code: 0, stderr: /^$/ },
];

/** Run test/helpers/exit-path-script.js along one of LIBRARY_PATHS. */
export function runLibraryPath(name: string, modelDir: string): ExitOutcome {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'exit-path-script.js');
  const r = spawnSync(process.execPath, [script, name, modelDir], { encoding: 'utf8' });
  return { code: r.status, signal: r.signal, err: r.stderr, hidden: [], files: [] };
}

/** Resolve when `ready()` holds after some output, when the process has exited, or after `fallbackMs` when given. */
function waitForOutput(run: FerProcess, ready: () => boolean, fallbackMs?: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!ready()) return;
      done();
    };
    const timer = fallbackMs === undefined ? null : setTimeout(() => done(), fallbackMs);
    const done = (): void => {
      if (timer) clearTimeout(timer);
      run.child.stdout!.off('data', check);
      run.child.stderr!.off('data', check);
      resolve();
    };
    run.child.stdout!.on('data', check);
    run.child.stderr!.on('data', check);
    run.child.once('exit', done);
    check();
  });
}

/**
 * Start `fer ARGS` (a video or webcam run with --json and `-o out`), send SIGINT once its first frame
 * is out, a second SIGINT once it says it is stopping (or `fallbackMs` after the first, for builds that
 * print nothing then), and report how it ended and what it left in `out`.
 * @example
 * const r = await interruptTwice(['video', '-i', clip, '--json', '-o', out], out);
 */
export async function interruptTwice(args: string[], out: string, fallbackMs?: number): Promise<ExitOutcome> {
  const run = spawnFer(args);
  await waitForOutput(run, () => run.out().includes('\n'));
  run.child.kill('SIGINT');
  await waitForOutput(run, () => /stopping \(SIGINT\)/.test(run.err()), fallbackMs);
  run.child.kill('SIGINT');
  const r = await run.exited;
  const left = readdirSync(out);
  return {
    code: r.code,
    signal: run.child.signalCode,
    err: r.err,
    hidden: left.filter((f) => f.startsWith('.')),
    files: left.filter((f) => !f.startsWith('.')),
  };
}
