// The Kiln lexer, built once from the token definitions.

import { Lexer, type ILexingResult } from 'chevrotain';
import { allTokens } from './tokens.js';

let shared: Lexer | undefined;

export function kilnLexer(): Lexer {
  return (shared ??= new Lexer([...allTokens], { ensureOptimizations: false, positionTracking: 'full' }));
}

export function lex(text: string): ILexingResult {
  return kilnLexer().tokenize(text);
}
