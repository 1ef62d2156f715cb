import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The parent's Node flags minus `--input-type` (it applies only to `-e` code, never to a worker's file). */
function inheritableFlags(): string[] {
  return process.execArgv.filter((a, i, all) => !a.startsWith('--input-type') && all[i - 1] !== '--input-type');
}

/** The flags an ERR_WORKER_INVALID_EXEC_ARGV message names ("…invalid execArgv flags: --a, --b=1"). */
function refusedFlags(e: Error): Set<string> {
  const list = /execArgv flags: (.*)$/s.exec(e.message)?.[1] ?? '';
  return new Set(list.split(', ').filter(Boolean));
}

/**
 * Start a worker thread with the parent's Node flags that a worker accepts: `node
 * --max-old-space-size=4096`, `--expose-gc`, `--title=x` or `--abort-on-uncaught-exception` apply to
 * the whole process and a worker refuses them, so they are left out (the worker still runs under them).
 * @example
 * const worker = startWorkerThread(new URL('./ssd-worker.js', import.meta.url), { workerData });
 */
export function startWorkerThread(file: URL | string, options: WorkerOptions = {}): Worker {
  let execArgv = inheritableFlags();
  for (let attempt = 0; ; attempt++) {
    try {
      return new Worker(file, { ...options, execArgv });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || execArgv.length === 0) throw e;
      const refused = refusedFlags(e as Error);
      execArgv = attempt === 0 ? execArgv.filter((a) => !refused.has(a)) : [];
    }
  }
}
