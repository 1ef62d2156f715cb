/** sharp, loaded on first use: its native library takes ~60 ms to load, which a cold start spends in parallel with the face detector's start instead of before it. */
import type sharpModule from 'sharp';

type Sharp = typeof sharpModule;

let loading: Promise<Sharp> | null = null;

/**
 * The sharp module, imported once on first call.
 * @example
 * const sharp = await loadSharp(); await sharp('media/astronaut.png').metadata();
 */
export function loadSharp(): Promise<Sharp> {
  return (loading ??= import('sharp').then((m) => m.default as Sharp));
}
