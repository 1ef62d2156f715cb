/** Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides, which a terminal would obey. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to print on a terminal: control characters in a file name (ANSI/OSC escape sequences)
 * are shown escaped, `\x1b` or `\u202e`, instead of being obeyed.
 * @example
 * printable('\x1b]0;pwned\x07a.jpg'); // '\\x1b]0;pwned\\x07a.jpg'
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
