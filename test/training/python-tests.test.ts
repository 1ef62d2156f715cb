import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';

/** The first Python 3 on this machine that has numpy (the training tests need nothing else), or undefined. */
function findPythonWithNumpy(): string | undefined {
  return ['python3', '/usr/bin/python3'].find(
    (python) => spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0,
  );
}

const python = findPythonWithNumpy();

test(
  "the training package's numpy-only unit tests pass",
  { skip: python ? false : 'no python3 with numpy on this machine' },
  () => {
    const run = spawnSync(python!, ['-m', 'unittest', 'discover', '-s', 'training/tests', '-t', '.'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `python -m unittest failed:\n${run.stderr}`);
    const ran = /Ran (\d+) tests?/.exec(run.stderr);
    assert.ok(ran && Number(ran[1]) >= 10, `expected the training tests to run, got:\n${run.stderr}`);
  },
);
