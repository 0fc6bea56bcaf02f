// The tokens and comments of a file, for the providers that read them
// (completion context, folding, semantic tokens, keyword hover). The server's
// analyses keep no token lists (they are most of a parse's memory, times
// every file in the workspace), so a file is lexed again when a provider asks,
// the same way the parser lexes it, and the last few results are kept.

import type { IToken } from 'chevrotain';
import { lex } from '../../grammar/lexer.js';
import * as T from '../../grammar/tokens.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { SourceFile } from '../../src/analysis/source.js';

export interface Lexed {
  /** The tokens the parser sees (comments excluded). */
  tokens: readonly IToken[];
  comments: readonly IToken[];
}

/** Enough for the files on screen; a keystroke re-lexes one file. */
const keep = 8;
const recent = new Map<SourceFile, Lexed>();

export function lexedOf(file: FileAnalysis): Lexed {
  if (file.parse.tokens.length > 0 || file.parse.comments.length > 0) return { tokens: file.parse.tokens, comments: file.parse.comments };
  const hit = recent.get(file.source);
  if (hit) {
    // Most recently used last.
    recent.delete(file.source);
    recent.set(file.source, hit);
    return hit;
  }
  const result = lex(file.source.text);
  // As the parser does: an unterminated string is read as a string.
  const tokens = result.tokens.map((t) => (t.tokenType === T.UnterminatedString ? { ...t, tokenType: T.StringLiteral, tokenTypeIdx: T.StringLiteral.tokenTypeIdx! } : t));
  const lexed: Lexed = { tokens, comments: (result.groups.comments ?? []) as IToken[] };
  recent.set(file.source, lexed);
  if (recent.size > keep) recent.delete(recent.keys().next().value!);
  return lexed;
}
