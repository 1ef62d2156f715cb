import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { pageAnchors, relativeLinks } from '../helpers/doc-blocks.js';
import { ROOT } from '../helpers/fixtures.js';

const PAGES = [
  'README.md',
  'media/README.md',
  'models/esr9/README.md',
  'models/esr9/HISTORY.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

test('every relative link of the docs names a file of the repository and, with #, a heading of that page', () => {
  const broken: string[] = [];
  for (const page of PAGES) {
    for (const link of relativeLinks(readFileSync(join(ROOT, page), 'utf8'))) {
      const [path, anchor] = link.split('#');
      const target = path ? normalize(join(dirname(page), path)) : page;
      if (!existsSync(join(ROOT, target))) broken.push(`${page}: ${link} (no file ${target})`);
      else if (anchor && target.endsWith('.md') && !pageAnchors(readFileSync(join(ROOT, target), 'utf8')).has(anchor))
        broken.push(`${page}: ${link} (no heading #${anchor} in ${target})`);
    }
  }
  assert.deepEqual(broken, []);
});

test('pageAnchors: GitHub heading slugs, numbered repeats and <a id>', () => {
  const anchors = pageAnchors(
    '# fer\n## `fer image`\n## When the detector runs (`--detect-every K`)\n## Notes\n## Notes\n<a id="gpu"></a>\n```\n# not a heading\n```\n',
  );
  assert.deepEqual([...anchors].sort(), [
    'fer',
    'fer-image',
    'gpu',
    'notes',
    'notes-1',
    'when-the-detector-runs---detect-every-k',
  ]);
});
