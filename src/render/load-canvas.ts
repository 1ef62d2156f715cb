/** @napi-rs/canvas, loaded on first use: its native library is not needed until something is drawn. */
import { registerFonts } from './fonts.js';

/** The @napi-rs/canvas module. */
export type CanvasModule = typeof import('@napi-rs/canvas');

let loading: Promise<CanvasModule> | null = null;

/**
 * The @napi-rs/canvas module, imported once on first call, with fer's bundled fonts registered.
 * @example
 * const { createCanvas } = await loadCanvas(); const canvas = createCanvas(640, 480);
 */
export function loadCanvas(): Promise<CanvasModule> {
  return (loading ??= import('@napi-rs/canvas').then((m) => {
    registerFonts(m.GlobalFonts);
    return m;
  }));
}
