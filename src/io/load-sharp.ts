/*
 * sharp, loaded on first use: its native library takes ~60 ms to load, which a cold start spends in parallel
 * with the face detector's start instead of before it.
 */
import { createRequire } from 'node:module';
import type sharpModule from 'sharp';

type Sharp = typeof sharpModule;

const require = createRequire(import.meta.url);
let loaded: Sharp | null = null;

/**
 * The sharp module, loaded once on first call through require(): sharp's CommonJS build loads in about half
 * the CPU time of its ES module build, whose `import semver from 'semver'` scans the whole semver package.
 * @example
 * const sharp = await loadSharp(); await sharp('media/astronaut.png').metadata();
 */
export async function loadSharp(): Promise<Sharp> {
  loaded ??= require('sharp') as Sharp;
  return loaded;
}
