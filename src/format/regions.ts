// Where the parts of a declaration header are in the text: the AST has no
// spans for punctuation, so the parameter list's parentheses and the body's
// `{` are found by skipping trivia from the nodes around them.

import type { BlockDecl, ModelDecl } from '../syntax/ast.js';
import { skipTrivia } from './trivia.js';

export interface HeaderRegions {
  /** Whether a parameter list is written (a block may omit it). */
  hasParens: boolean;
  /** Offsets of the parameter list's `(` and `)`. */
  open: number;
  close: number;
  /** Offset of the body's `{`. */
  opener: number;
}

export function headerRegions(node: ModelDecl | BlockDecl, text: string): HeaderRegions {
  const afterName = node.name ? skipTrivia(text, node.name.span.end) : node.span.start;
  if (text[afterName] !== '(') return { hasParens: false, open: afterName, close: afterName, opener: afterName };
  let close = skipTrivia(text, node.params.length > 0 ? node.params[node.params.length - 1].span.end : afterName + 1);
  if (text[close] === ',') close = skipTrivia(text, close + 1);
  const output = node.kind === 'Model' ? node.output : undefined;
  return { hasParens: true, open: afterName, close, opener: skipTrivia(text, output ? output.span.end : close + 1) };
}
