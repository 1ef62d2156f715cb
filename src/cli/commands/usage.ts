import { readFileSync } from 'node:fs';
import type { CommanderError } from 'commander';

/**
 * The package's version, read from its package.json.
 * @example
 * readVersion(); // '0.1.0'
 */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * A commander usage error in fer's one error format: `fer: <what>` and a `hint:` line naming the help
 * of the subcommand the arguments were for.
 * @example
 * formatUsageError(error, ['node', 'fer', 'video', '-f', 'abc'], ['image', 'video']);
 * // "fer: option '-f, --fps <n>' argument 'abc' is invalid. --fps expects a number, got \"abc\"\n  hint: run `fer video --help` for usage\n"
 */
export function formatUsageError(error: CommanderError, argv: string[], commands: string[]): string {
  const what = error.message.replace(/^error:\s*/i, '').trim();
  const command = argv.slice(2).find((a) => commands.includes(a));
  const help = command ? `fer ${command} --help` : 'fer --help';
  return `fer: ${what}\n  hint: run \`${help}\` for usage\n`;
}
