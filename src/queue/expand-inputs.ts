import { lstat, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { FerError } from '../errors.js';
import { checkInputFile, fileKind, type FileKind, scanFolder } from '../io/input-file.js';
import { checkDistinctOutputs, isOutputName } from '../output/output-names.js';

/** One file to analyse and where its outputs go. */
export interface InputTarget {
  kind: FileKind;
  input: string;
  output: string;
  size: number;
  mtimeMs: number;
}

/**
 * Absolute input files with their output folders: a file goes to `output`, a folder is scanned
 * recursively (the output folder and fer's own results in it left out) and its subfolders are
 * mirrored under `output`. Throws INPUT_NOT_FOUND for a missing path and INVALID_OPTION when two
 * inputs would write the same output files.
 * @example
 * await expandInputs(['media/'], '/nfs/out'); // [{ kind: 'video', input: '/…/media/a.mp4', output: '/nfs/out', … }]
 */
export async function expandInputs(paths: string[], output: string): Promise<InputTarget[]> {
  const targets = new Map<string, InputTarget>();
  const inOutput = (path: string): boolean => !relative(output, path).startsWith('..');
  const skip = (path: string, isFolder: boolean): boolean =>
    path === output || (!isFolder && isOutputName(path) && inOutput(path));
  for (const path of paths.map((p) => resolve(p))) {
    const s = await stat(path).catch(() => null);
    if (!s) throw new FerError('INPUT_NOT_FOUND', `input not found: ${path}`, 'check the path');
    const files = s.isDirectory()
      ? (await scanFolder(path, { kinds: ['image', 'video'], recursive: true, skip })).map((f) => ({
          f,
          out: join(output, relative(path, join(f, '..'))),
        }))
      : [{ f: path, out: output }];
    if (!s.isDirectory()) await checkInputFile(path, fileKind(path) ?? 'video');
    for (const { f, out } of files) {
      const fs = f === path ? s : await stat(f).catch(() => lstat(f)); // a dangling link is queued and fails visibly, as in `fer image -i DIR`
      targets.set(f, { kind: fileKind(f) ?? 'video', input: f, output: out, size: fs.size, mtimeMs: fs.mtimeMs });
    }
  }
  checkDistinctOutputs(
    [...targets.values()].map((t) => ({ input: t.input, dir: t.output })),
    'queue them with different -o folders',
  );
  return [...targets.values()];
}
