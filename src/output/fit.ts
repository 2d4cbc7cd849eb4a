/**
 * Fitting a table to a terminal's width: which columns give up how much, and cutting or wrapping
 * text to a width measured in terminal cells. Pure: the caller says how wide the terminal is.
 */

export type Shrink = 'truncate' | 'wrap';

export interface FitColumn {
  /** The header's width: a column never gets narrower than its header. */
  headerWidth: number;
  /** The widest cell (or header). */
  naturalWidth: number;
  /** How the column gives up width; undefined: never (identifiers, numbers). */
  shrink?: Shrink | undefined;
}

/** Below this a cut or wrapped column shows too little to be worth it; the line overflows instead. */
const MIN_SHRUNK_WIDTH = 10;

/**
 * Column widths for a line of at most `available` cells, with `gap` cells between columns. Only
 * columns that may shrink give up width, the widest first, down to a floor; the rest keep their
 * natural width even if the line then overflows.
 */
export function fitColumnWidths(columns: FitColumn[], available: number, gap: number): number[] {
  const widths = columns.map((c) => c.naturalWidth);
  const floors = columns.map((c) => (c.shrink ? Math.max(c.headerWidth, Math.min(c.naturalWidth, MIN_SHRUNK_WIDTH)) : c.naturalWidth));
  let excess = widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(columns.length - 1, 0) - available;
  // One cell at a time from the widest column that may still give: the widths end up levelled.
  for (; excess > 0; excess--) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > floors[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest < 0) break;
    widths[widest]!--;
  }
  return widths;
}

/** Cells a character takes on a terminal: 0 for combining marks, 2 for East Asian wide and emoji. */
function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return 1;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(char)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x1f900 && code <= 0x1f9ff) || (code >= 0x20000 && code <= 0x3fffd)
  ) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The widest line of a possibly multi-line text. */
export function blockWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(displayWidth));
}

/** One line of at most `width` cells, ending in "…" when something was cut. Line breaks and tabs become spaces. */
export function truncate(text: string, width: number): string {
  const line = text.replace(/[\t\r\n]/g, ' ');
  if (displayWidth(line) <= width) return line;
  let out = '';
  let used = 0;
  for (const char of line) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Lines of at most `width` cells, broken after spaces, commas, dots and similar where possible, else anywhere. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r?\n/)) {
    let line = '';
    let used = 0;
    // Pieces end just after a break opportunity, so "a,b,c" can break after each comma.
    for (const piece of paragraph.match(/[^\s,;:./|=&-]*[\s,;:./|=&-]?/g)!.filter(Boolean)) {
      // A trailing space may hang past the edge: it is trimmed when the line ends.
      if (used + displayWidth(piece.trimEnd()) <= width) {
        line += piece;
        used += displayWidth(piece);
        continue;
      }
      if (line) lines.push(line.trimEnd());
      line = '';
      used = 0;
      for (const char of piece) {
        const w = charWidth(char);
        if (used + w > width) {
          lines.push(line);
          line = '';
          used = 0;
        }
        line += char;
        used += w;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
