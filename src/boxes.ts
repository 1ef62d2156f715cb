import type { Box } from './types.js';

/**
 * The item with the largest box (the "primary" face of a frame), or undefined for none; the first wins a tie.
 * @example
 * largest(result.faces)?.emotion; // the largest face's label
 */
export function largest<T extends { box: Box }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>(
    (best, item) => (!best || item.box.width * item.box.height > best.box.width * best.box.height ? item : best),
    undefined,
  );
}
