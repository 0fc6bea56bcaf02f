// How many terminal columns a character takes. Carets must line up under the
// code as the terminal draws it: tabs are expanded, East Asian wide characters
// and emoji take two columns, combining marks take none, and control
// characters are replaced so they cannot move the cursor.

/** Columns a tab is expanded to (as rustc does: a fixed width, not tab stops). */
export const TAB_WIDTH = 4;

const wideRanges: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x274c, 0x274c],
  [0x2753, 0x2755],
  [0x2795, 0x2797],
  [0x2b1b, 0x2b1c],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];

const zeroWidthRanges: [number, number][] = [
  [0x0300, 0x036f],
  [0x0483, 0x0489],
  [0x0591, 0x05bd],
  [0x0610, 0x061a],
  [0x064b, 0x065f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2064],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xfeff, 0xfeff],
  [0xe0100, 0xe01ef],
];

function inRanges(cp: number, ranges: [number, number][]): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid][0]) hi = mid - 1;
    else if (cp > ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** What the terminal is given for one code point, and how many columns it takes. */
export function displayCell(codePoint: number): { text: string; width: number } {
  if (codePoint === 9) return { text: ' '.repeat(TAB_WIDTH), width: TAB_WIDTH };
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return { text: '\ufffd', width: 1 };
  // Bidirectional overrides could reorder the rest of the line on screen.
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return { text: '', width: 0 };
  if (inRanges(codePoint, zeroWidthRanges)) return { text: String.fromCodePoint(codePoint), width: 0 };
  if (inRanges(codePoint, wideRanges)) return { text: String.fromCodePoint(codePoint), width: 2 };
  return { text: String.fromCodePoint(codePoint), width: 1 };
}

/** Columns `text` takes on a terminal, as the renderer would draw it. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += displayCell(ch.codePointAt(0)!).width;
  return width;
}
