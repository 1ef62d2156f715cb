import { main } from '../../src/cli/main.js';

/** Run the CLI in-process with captured output; resolves with exit code, stdout and stderr. */
export async function fer(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await main(['node', 'fer', ...args], { out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}
