import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers/fixtures.js';

const SRC = join(ROOT, 'src');

/** Every .ts file under a folder. */
function listSources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listSources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** File -> the src files it imports (static, dynamic and type-only imports, relative specifiers). */
function readImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listSources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)\.js'/g)].map((m) => m[1]);
    graph.set(
      file,
      specifiers.map((s) => resolve(dirname(file), `${s}.ts`)),
    );
  }
  return graph;
}

/** The import circles of a graph, each as the files around it. */
function findCircles(graph: Map<string, string[]>): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return circles;
}

test('no import circle in src/ (type-only and dynamic imports included)', () => {
  const graph = readImportGraph();
  assert.ok(graph.size > 50, `expected the source tree, read ${graph.size} files`);
  const circles = findCircles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' -> '));
  assert.deepEqual(circles, []);
});

test('every relative import in src/ names a file that exists', () => {
  const graph = readImportGraph();
  const missing = [...graph].flatMap(([file, deps]) =>
    deps.filter((d) => !graph.has(d)).map((d) => `${relative(SRC, file)} -> ${relative(SRC, d)}`),
  );
  assert.deepEqual(missing, []);
});

/** The floors of docs/architecture.md: a room imports only from its own room or a lower floor. */
const FLOORS: Record<string, number> = {
  'types.ts': 0,
  'errors.ts': 0,
  'boxes.ts': 0,
  'validate.ts': 0,
  'precision.ts': 0,
  'queue-options.ts': 0,
  'options.ts': 0,
  runtime: 1,
  io: 1,
  detect: 2,
  esr9: 2,
  render: 2,
  explain: 3,
  track: 3,
  pipeline: 4,
  output: 5,
  queue: 6,
  cli: 7,
  'index.ts': 8,
};

/** The room of a src file: its top folder, or 'floor 0' for the shared files at the top. */
function roomOf(file: string): string {
  const top = relative(SRC, file).split('/')[0];
  return FLOORS[top] === 0 ? 'floor 0' : top;
}

test('no import runs upward: each room imports its own room or lower floors only (docs/architecture.md)', () => {
  const graph = readImportGraph();
  const floor = (file: string): number => FLOORS[relative(SRC, file).split('/')[0]] ?? Number.NaN;
  const unknown = [...graph.keys()].filter((f) => Number.isNaN(floor(f))).map((f) => relative(SRC, f));
  assert.deepEqual(unknown, [], 'every file of src/ is in a room with a floor');
  const upward = [...graph].flatMap(([file, deps]) =>
    deps
      .filter((d) => graph.has(d) && roomOf(d) !== roomOf(file) && floor(d) >= floor(file))
      .map((d) => `${relative(SRC, file)} -> ${relative(SRC, d)}`),
  );
  assert.deepEqual(upward, []);
});
