import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { FerError } from '../errors.js';

const require = createRequire(import.meta.url);

/** Where to look for ffmpeg: the environment, and how to load the optional static build. */
export interface FfmpegLookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The path of @ffmpeg-installer/ffmpeg's binary; throws when that package is not installed. */
  installerPath(): string;
}

const SYSTEM: FfmpegLookup = {
  env: process.env,
  platform: process.platform,
  installerPath: () => (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
};

/** Whether a path is an executable regular file. */
function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `ffmpeg` executable on PATH (with PATHEXT's extensions on Windows), or null. */
function findOnPath(lookup: FfmpegLookup): string | null {
  const exts = lookup.platform === 'win32' ? (lookup.env.PATHEXT ?? '.EXE').split(';').filter(Boolean) : [''];
  for (const dir of (lookup.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = join(dir, `ffmpeg${ext.toLowerCase()}`);
      if (isExecutable(candidate, lookup.platform)) return candidate;
    }
  }
  return null;
}

/**
 * Find the ffmpeg binary: $FFMPEG_PATH, else the system's ffmpeg on PATH (it gets security updates and
 * current decoders), else the static build of the optional @ffmpeg-installer/ffmpeg; ENGINE_UNAVAILABLE
 * with the commands that install one when there is none.
 * @example
 * locateFfmpeg({ env: { PATH: '/usr/bin' }, platform: 'linux', installerPath: () => { throw new Error('absent'); } }); // '/usr/bin/ffmpeg'
 */
export function locateFfmpeg(lookup: FfmpegLookup = SYSTEM): string {
  if (lookup.env.FFMPEG_PATH) return lookup.env.FFMPEG_PATH;
  const system = findOnPath(lookup);
  if (system) return system;
  try {
    return lookup.installerPath();
  } catch (cause) {
    throw new FerError(
      'ENGINE_UNAVAILABLE',
      'ffmpeg is not installed (fer needs it for videos, webcams and BMP images)',
      'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg), or npm i @ffmpeg-installer/ffmpeg, or set FFMPEG_PATH',
      { cause },
    );
  }
}

/**
 * The ffmpeg binary to use now (see locateFfmpeg): a few file checks, small beside starting ffmpeg.
 * @example
 * spawn(ffmpegPath(), ['-version']);
 */
export function ffmpegPath(): string {
  return locateFfmpeg();
}
