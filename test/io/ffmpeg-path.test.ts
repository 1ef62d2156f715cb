import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { FerError } from '../../src/errors.js';
import { type FfmpegLookup, locateFfmpeg } from '../../src/io/ffmpeg-path.js';
import { tempDir } from '../helpers/fixtures.js';

/** A folder holding an executable `ffmpeg` script (and an empty one holding none). */
function pathWithFfmpeg(): { bin: string; empty: string } {
  const root = tempDir('fer-ffmpeg-');
  const bin = join(root, 'bin');
  const empty = join(root, 'empty');
  mkdirSync(bin);
  mkdirSync(empty);
  writeFileSync(join(bin, 'ffmpeg'), '#!/bin/sh\n');
  chmodSync(join(bin, 'ffmpeg'), 0o755);
  return { bin, empty };
}

const absent = (): string => {
  throw Object.assign(new Error("Cannot find module '@ffmpeg-installer/ffmpeg'"), { code: 'MODULE_NOT_FOUND' });
};

test(
  'FFMPEG_PATH wins, then the system ffmpeg on PATH, then @ffmpeg-installer/ffmpeg',
  { skip: process.platform === 'win32' && 'POSIX paths' },
  () => {
    const { bin, empty } = pathWithFfmpeg();
    const lookup = (env: NodeJS.ProcessEnv, installer = (): string => '/static/ffmpeg'): FfmpegLookup => ({
      env,
      platform: 'linux',
      installerPath: installer,
    });
    assert.equal(locateFfmpeg(lookup({ FFMPEG_PATH: '/opt/ff', PATH: bin })), '/opt/ff');
    assert.equal(locateFfmpeg(lookup({ PATH: [empty, bin].join(delimiter) })), join(bin, 'ffmpeg'));
    assert.equal(locateFfmpeg(lookup({ PATH: empty })), '/static/ffmpeg');
  },
);

test(
  'a file named ffmpeg that cannot be executed is not taken',
  { skip: process.platform === 'win32' && 'POSIX modes' },
  () => {
    const { bin } = pathWithFfmpeg();
    chmodSync(join(bin, 'ffmpeg'), 0o644);
    assert.equal(
      locateFfmpeg({ env: { PATH: bin }, platform: 'linux', installerPath: () => '/static/ffmpeg' }),
      '/static/ffmpeg',
    );
  },
);

test('no ffmpeg anywhere is ENGINE_UNAVAILABLE naming how to install one', () => {
  const { empty } = pathWithFfmpeg();
  assert.throws(
    () => locateFfmpeg({ env: { PATH: empty }, platform: 'linux', installerPath: absent }),
    (e: unknown) => {
      assert.ok(e instanceof FerError);
      assert.equal(e.code, 'ENGINE_UNAVAILABLE');
      assert.match(e.hint, /apt-get install ffmpeg/);
      assert.match(e.hint, /npm i @ffmpeg-installer\/ffmpeg/);
      return true;
    },
  );
});
