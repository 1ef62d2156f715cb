/**
 * `node --import` preload for module-trace: registers the resolve hooks, and at exit adds the CommonJS
 * modules that require() loaded (the hooks do not see require() on Node 20) to $FER_MODULE_TRACE.
 * Runs again in every worker thread (they inherit --import), appending to the same file.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.FER_MODULE_TRACE;
if (file) {
  register(new URL('./module-trace-hooks.js', import.meta.url), { data: { file } });
  const { cache } = createRequire(import.meta.url);
  process.once('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((p) => `${pathToFileURL(p).href}\n`)
        .join(''),
    ),
  );
}
