import type { ImageResult } from '../../types.js';

/** Format a signed number with a fixed width. */
function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}

/**
 * A readable table of one image's faces (and with `branches` every branch).
 * @example
 * formatTable('a.jpg', result, true);
 */
export function formatTable(name: string, result: ImageResult, branches: boolean): string {
  const lines = [
    `${name} (${result.width}x${result.height}): ${result.faces.length} face${result.faces.length === 1 ? '' : 's'}`,
  ];
  if (result.faces.length === 0) return lines.join('\n');
  lines.push('  face  emotion         votes  arousal  valence  box');
  result.faces.forEach((f, i) => {
    const box = `${Math.round(f.box.x)},${Math.round(f.box.y)} ${Math.round(f.box.width)}x${Math.round(f.box.height)}`;
    lines.push(
      `  ${String(i + 1).padEnd(4)}  ${f.emotion.padEnd(14)}  ${`${Math.max(...f.votes)}/9`.padEnd(5)}  ${signed(f.arousal).padStart(7)}  ${signed(f.valence).padStart(7)}  ${box}`,
    );
    if (branches) {
      f.branches.forEach((b, j) => {
        const conf = Math.round(Math.max(...b.probabilities) * 100);
        lines.push(
          `        branch ${j + 1}: ${`${b.emotion} ${conf}%`.padEnd(18)} ${signed(b.arousal).padStart(7)}  ${signed(b.valence).padStart(7)}`,
        );
      });
    }
  });
  return lines.join('\n');
}
