/** Colours per emotion label (also used for merged/7-class labels). */
const EMOTION_COLOURS: Record<string, string> = {
  Neutral: '#b0bec5',
  Happy: '#ffd54f',
  Sad: '#64b5f6',
  Surprise: '#ba68c8',
  Fear: '#4db6ac',
  Disgust: '#81c784',
  Anger: '#e57373',
  'Anger/Disgust': '#e57373',
  Contempt: '#ff8a65',
};

/**
 * The display colour of an emotion label.
 * @example
 * colourFor('Happy'); // '#ffd54f'
 */
export function colourFor(label: string): string {
  return EMOTION_COLOURS[label] ?? '#ffffff';
}

/**
 * The jet colour map: 0 -> dark blue, 0.5 -> green/yellow, 1 -> dark red, as [r, g, b] bytes.
 * @example
 * jet(1); // [128, 0, 0]
 */
export function jet(value: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, value));
  const channel = (offset: number): number =>
    Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - offset))));
  return [channel(3), channel(2), channel(1)];
}
