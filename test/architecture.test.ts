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
    graph.set(file, specifiers.map((s) => resolve(dirname(file), `${s}.ts`)));
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
  const missing = [...graph].flatMap(([file, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${relative(SRC, file)} -> ${relative(SRC, d)}`));
  assert.deepEqual(missing, []);
});
