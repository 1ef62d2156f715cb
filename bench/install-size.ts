/**
 * Install size for `npm run bench`: node_modules of a consumer project that installed fer's packed tarball
 * (made by `.ci/pack-install`, which keeps it when FER_PACK_KEEP=1), against the size target. The folder comes
 * from FER_BENCH_INSTALL_DIR; without it the row is skipped with a message.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Records one table row (bench/run.ts's `row`). */
type Row = (what: string, value: string, note?: string) => void;

/** The most a consumer's node_modules may weigh after installing fer, in MB (2^20 bytes, as `du -sm`). */
const TARGET_MB = 520;

/** Bytes on disk under a folder (allocated blocks, as `du`; symbolic links not followed). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = lstatSync(path);
    total += stat.blocks * 512;
    if (entry.isDirectory()) total += diskBytes(path);
  }
  return total;
}

/**
 * Row: node_modules size of the scratch consumer project named by FER_BENCH_INSTALL_DIR, or a skip message.
 * @example
 * benchInstallSize(row); // "install size: node_modules of a project with fer-esr9 installed | 478 MB | target <= 520 MB: met"
 */
export function benchInstallSize(row: Row, dir = process.env.FER_BENCH_INSTALL_DIR): void {
  const what = 'install size: node_modules of a project with fer-esr9 installed from its packed tarball';
  const modules = dir ? join(dir, 'node_modules') : '';
  if (!dir || !existsSync(join(modules, 'fer-esr9'))) {
    process.stderr.write(
      `install size: skipped (${dir ? `no node_modules/fer-esr9 in ${dir}` : 'set FER_BENCH_INSTALL_DIR to a project made by FER_PACK_KEEP=1 .ci/pack-install'})\n`,
    );
    return;
  }
  const mb = diskBytes(modules) / 2 ** 20;
  row(what, `${mb.toFixed(0)} MB`, `target <= ${TARGET_MB} MB${mb > TARGET_MB ? ': not met' : ': met'}; ${dir}`);
}
