import type { SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts.js';

/** Smallest font size text is shrunk to before it is shortened with an ellipsis. */
const MIN_FONT = 9;

/**
 * Set the font so `text` fits `maxWidth`: the given size, shrunk down to 9 px if needed, then the text
 * shortened with an ellipsis. Returns the text to draw.
 * @example
 * const shown = fitFont(ctx, 'Ensemble (9/9 votes)', 120, 14); ctx.fillText(shown, x, y);
 */
export function fitFont(ctx: SKRSContext2D, text: string, maxWidth: number, size: number, bold = false): string {
  let s = Math.round(size);
  ctx.font = font(s, bold);
  while (s > MIN_FONT && ctx.measureText(text).width > maxWidth) ctx.font = font(--s, bold);
  let shown = text;
  while (shown.length > 1 && ctx.measureText(shown).width > maxWidth) shown = `${shown.slice(0, -2)}…`;
  return shown;
}

/**
 * Draw `text` with its top-left corner at (x, y), fitted into `maxWidth` (see fitFont).
 * @example
 * fillFitted(ctx, 'Happy 98%', 10, 20, 120, 16, true);
 */
export function fillFitted(
  ctx: SKRSContext2D,
  text: string,
  x: number,
  y: number,
  maxWidth: number,
  size: number,
  bold = false,
): void {
  const shown = fitFont(ctx, text, maxWidth, size, bold);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(shown, x, y);
}

/**
 * Split `text` into at most `lines` lines no wider than `maxWidth` in the current font (words kept whole;
 * the last line takes the rest and is shortened by the caller's fitting).
 * @example
 * wrapText(ctx, 'a long legend line', 80, 2); // ['a long', 'legend line']
 */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number, lines: number): string[] {
  const out: string[] = [];
  let current = '';
  const words = text.split(' ');
  words.forEach((word, i) => {
    const next = current ? `${current} ${word}` : word;
    if (current && out.length < lines - 1 && ctx.measureText(next).width > maxWidth) {
      out.push(current);
      current = word;
    } else current = next;
    if (i === words.length - 1) out.push(current);
  });
  return out;
}
