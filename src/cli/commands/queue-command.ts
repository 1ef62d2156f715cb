import type { Command } from 'commander';
import { QUEUE_DEFAULTS, QUEUE_LIMITS } from '../../queue-options.js';
import type { QueueStatus } from '../../queue/index.js';
import { addModelOptions, addOutputOptions, parseInteger, toFerOptions, toOutputOptions } from './common-options.js';
import { EXIT } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/terminal-io.js';

/**
 * Add `--redis URL` and `--queue NAME` to a command.
 * @example
 * addQueueTarget(program.command('worker'));
 */
export function addQueueTarget(cmd: Command): Command {
  return cmd
    .option(
      '--redis <url>',
      `Redis URL, redis://[user:password@]host[:port][/db] or rediss:// for TLS (default: $FER_REDIS_URL, else ${QUEUE_DEFAULTS.redis})`,
    )
    .option('--queue <name>', 'queue name', QUEUE_DEFAULTS.queue);
}

/**
 * The queue a command's options name.
 * @example
 * queueTarget({ redis: 'redis://db:6379', queue: 'fer' }); // { connection: 'redis://db:6379', queue: 'fer' }
 */
export function queueTarget(o: Record<string, unknown>): { connection: string; queue: string } {
  return {
    connection: (o.redis as string | undefined) ?? process.env.FER_REDIS_URL ?? QUEUE_DEFAULTS.redis,
    queue: o.queue as string,
  };
}

/** Human-readable status: counts, running jobs with progress, failed jobs with their reason and hint. */
function formatStatus(s: QueueStatus): string {
  const { waiting, active, delayed, completed, failed } = s.counts;
  const lines = [
    `queue ${s.queue}: ${waiting} waiting, ${active} active, ${delayed} delayed (retrying), ${completed} completed, ${failed} failed`,
  ];
  for (const j of s.active)
    lines.push(
      `  active ${j.id} ${j.input}${j.progress ? ` (${j.progress.frames}/${j.progress.total || '?'} frames)` : ''}`,
    );
  for (const j of s.failed) {
    lines.push(`  failed ${j.id} ${j.input}: ${j.reason} (${j.attempts} attempt${j.attempts === 1 ? '' : 's'})`);
    if (j.hint) lines.push(`    hint: ${j.hint}`);
  }
  if (failed > s.failed.length) lines.push(`  … and ${failed - s.failed.length} more failed`);
  return lines.join('\n');
}

/**
 * Register `fer queue add|status|clean`.
 * @example
 * addQueueCommands(program, io, (code) => (exitCode = code));
 */
export function addQueueCommands(program: Command, io: Io, setCode: (code: number) => void): void {
  const queue = program
    .command('queue')
    .description('queue videos and images for `fer worker` processes on any number of machines (BullMQ on Redis)');
  addQueueTarget(
    addOutputOptions(addModelOptions(queue.command('add')), {
      video: true,
      writes: 'the files fer video / fer image -o write (on a path every worker machine shares; default: ./fer-out)',
    }),
  )
    .description(
      'add one job per video or image (folders are scanned recursively); the same work is never queued twice',
    )
    .argument('<paths...>', 'video or image files, or folders')
    .option(
      '--attempts <n>',
      `tries per job for errors other than a bad input (a bad input fails at once; ${QUEUE_LIMITS.attempts.min} to ${QUEUE_LIMITS.attempts.max})`,
      parseInteger('--attempts', QUEUE_LIMITS.attempts.min, QUEUE_LIMITS.attempts.max),
      QUEUE_DEFAULTS.attempts,
    )
    .action(async (paths: string[], o) => {
      const { enqueue } = await import('../../queue/index.js');
      const r = await enqueue(
        paths,
        { ...toOutputOptions(o), fer: toFerOptions(o, Boolean(o.gradCam)) },
        { ...queueTarget(o), attempts: o.attempts },
      );
      io.out(
        `added ${r.added.length} job${r.added.length === 1 ? '' : 's'} to queue ${r.queue}; already there: ${r.queued.length} waiting or running, ${r.done.length} done, ${r.failed.length} failed\n`,
      );
      if (r.failed.length) io.err('  hint: `fer queue clean --failed`, then add them again, to retry failed jobs\n');
      setCode(EXIT.OK);
    });
  addQueueTarget(queue.command('status'))
    .description('job counts, running jobs with their progress, and failed jobs with their reason')
    .option('--json', 'print the status as one JSON document')
    .action(async (o) => {
      const { getQueueStatus } = await import('../../queue/index.js');
      const s = await getQueueStatus(queueTarget(o));
      io.out((o.json ? JSON.stringify(s, null, 1) : formatStatus(s)) + '\n');
      setCode(EXIT.OK);
    });
  addQueueTarget(queue.command('clean'))
    .description('remove finished jobs (completed and failed; removed work can be queued again)')
    .option('--completed', 'only completed jobs')
    .option('--failed', 'only failed jobs')
    .action(async (o) => {
      const states =
        o.completed || o.failed
          ? (['completed', 'failed'] as const).filter((s) => o[s])
          : (['completed', 'failed'] as const);
      const { cleanQueue } = await import('../../queue/index.js');
      const removed = await cleanQueue(queueTarget(o), [...states]);
      io.out(
        `removed ${Object.entries(removed)
          .map(([s, n]) => `${n} ${s}`)
          .join(' and ')} job(s) from queue ${o.queue}\n`,
      );
      setCode(EXIT.OK);
    });
}
