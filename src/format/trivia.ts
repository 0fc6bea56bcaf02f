// Questions about the original text between tokens: blank lines, line breaks,
// and where the next token starts once whitespace and comments are skipped.
// The AST keeps no trivia, so the printer asks the text directly.

/** The offset of the first character at or after `from` that is not whitespace or part of a comment. */
export function skipTrivia(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff || c === 0xa0) {
      i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else break;
  }
  return i;
}

/** Whether the text between two offsets contains a line break. */
export function hasNewlineBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Whether the source had a blank line after `end` (the end of an item), looking
 * past a comment on the same line: `a // note` then an empty line counts.
 */
export function isNextLineEmpty(text: string, end: number): boolean {
  let i = end;
  // The rest of this line: spaces and comments only.
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return false;
      if (hasNewlineBetween(text, i, close)) return false;
      i = close + 2;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    }
    break;
  }
  if (!skipNewline()) return false;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i < text.length && (text[i] === '\n' || text[i] === '\r');

  function skipNewline(): boolean {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n' || text[i] === '\r') i += 1;
    else return false;
    return true;
  }
}

/** Whether the line before the one `start` is on holds only blanks. */
export function isPreviousLineEmpty(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0 || (text[i] !== '\n' && text[i] !== '\r')) return false;
  i -= text[i] === '\n' && text[i - 1] === '\r' ? 2 : 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && (text[i] === '\n' || text[i] === '\r');
}
