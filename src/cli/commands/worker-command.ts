import type { Command } from 'commander';
import type { WorkerEvent } from '../../queue/index.js';
import { QUEUE_DEFAULTS, QUEUE_LIMITS } from '../../queue-options.js';
import { parseInteger } from './common-options.js';
import { EXIT } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/terminal-io.js';
import { addQueueTarget, queueTarget } from './queue-command.js';
import { watchSignals } from '../terminal/signals.js';

/** One log line per worker event. */
function formatEvent(e: WorkerEvent): string {
  switch (e.type) {
    case 'start':
      return `start ${e.id} ${e.input}`;
    case 'done':
      return `done ${e.id} ${e.input}: ${e.summary.frames} frame(s), ${e.summary.faces} face(s) in ${e.seconds.toFixed(1)} s`;
    case 'failed':
      return `failed ${e.id} ${e.input}: ${e.reason}${e.retry ? ' (will retry)' : ''}${e.hint ? `\n  hint: ${e.hint}` : ''}`;
    case 'released':
      return `released ${e.id} ${e.input}: back in the queue`;
    case 'stalled':
      return `recovered ${e.id}: its worker stopped answering; back in the queue`;
    case 'error':
      return `worker error: ${e.message}`;
    case 'waiting':
      return `waiting: ${e.message}; trying again (Ctrl+C to stop)`;
  }
}

/**
 * Register `fer worker`: run queued jobs until SIGINT/SIGTERM (the first finishes the running job,
 * a second puts it back in the queue).
 * @example
 * addWorkerCommand(program, io, (code) => (exitCode = code));
 */
export function addWorkerCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  addQueueTarget(program.command('worker'))
    .description('run queued jobs (`fer queue add`) with one recognizer loaded once; start one per machine or core')
    .option(
      '--concurrency <n>',
      `jobs run at once in this process (${QUEUE_LIMITS.concurrency.min} to ${QUEUE_LIMITS.concurrency.max})`,
      parseInteger('--concurrency', QUEUE_LIMITS.concurrency.min, QUEUE_LIMITS.concurrency.max),
      QUEUE_DEFAULTS.concurrency,
    )
    .option(
      '--lock-duration <ms>',
      `a job whose worker stops answering this long is redone by another worker (${QUEUE_LIMITS.lockDuration.min} to ${QUEUE_LIMITS.lockDuration.max})`,
      parseInteger('--lock-duration', QUEUE_LIMITS.lockDuration.min, QUEUE_LIMITS.lockDuration.max),
      QUEUE_DEFAULTS.lockDuration,
    )
    .action(async (o) => {
      const target = queueTarget(o);
      let lastError = '';
      const log = (e: WorkerEvent): void => {
        const repeatable = e.type === 'error' || e.type === 'waiting';
        if (repeatable && e.message === lastError) return;
        lastError = repeatable ? e.message : '';
        io.err(formatEvent(e) + '\n');
      };
      const { createWorker, redactRedisUrl } = await import('../../queue/index.js');
      const w = await createWorker({
        ...target,
        concurrency: o.concurrency,
        lockDuration: o.lockDuration,
        onEvent: log,
      });
      io.err(
        `worker ${w.name} on queue ${target.queue} at ${redactRedisUrl(target.connection)}, concurrency ${o.concurrency}; Ctrl+C to stop\n`,
      );
      const signals = watchSignals(io, {
        first: 'stopping: no new jobs; finishing the running ones (signal again to put them back in the queue)',
        onFirst: () => void w.stop(false),
        second: 'stopping now: putting the running jobs back in the queue',
        onSecond: () => void w.stop(true),
      });
      try {
        await w.closed;
      } finally {
        signals.dispose();
      }
      io.err('worker stopped\n');
      setCode(EXIT.OK);
    });
}
