import { createRequire } from 'node:module';
import type { GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);

/** The family every label is drawn in: DejaVu Sans from the dejavu-fonts-ttf package, under its own name. */
export const FONT_FAMILY = 'fer DejaVu Sans';

/** The font files registered under FONT_FAMILY. */
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'];

let registered = false;

/**
 * Register the bundled DejaVu Sans (regular and bold) with @napi-rs/canvas's font registry once, so
 * labels look the same on every machine, including ones without system fonts (loadCanvas does it).
 * @example
 * registerFonts(GlobalFonts); GlobalFonts.has('fer DejaVu Sans'); // true
 */
export function registerFonts(fonts: typeof GlobalFonts): void {
  if (registered) return;
  for (const file of FONT_FILES) fonts.registerFromPath(require.resolve(file), FONT_FAMILY);
  registered = true;
}

/**
 * A CSS font string in the bundled family (registered when the canvas module is loaded, see loadCanvas).
 * @example
 * ctx.font = font(14, true); // 'bold 14px "fer DejaVu Sans", sans-serif'
 */
export function font(size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px "${FONT_FAMILY}", sans-serif`;
}
