/** Module customization hooks (node:module register) that append every URL the ESM loader resolves to a file. */
import { appendFileSync } from 'node:fs';

let file = '';

/** Receive the trace file from module-trace-preload. */
export function initialize(data: { file: string }): void {
  file = data.file;
}

/** Resolve as usual, then record the URL (node: builtins included). */
export async function resolve(
  specifier: string,
  context: unknown,
  next: (s: string, c: unknown) => Promise<{ url: string }>,
): Promise<{ url: string }> {
  const resolved = await next(specifier, context);
  appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
