// The Prettier parser for Kiln: runs the Kiln front end and hands Prettier the
// AST with its comments. A file with syntax errors is not formatted: the first
// error is thrown in Prettier's shape (`loc.start` with a 1-based column), so
// Prettier reports it with a code frame.

import type { Parser } from 'prettier';
import { SourceFile } from '../analysis/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSource, type ParseResult } from '../syntax/parse.js';
import { locEnd, locStart, rootComments, type FormatComment, type FormatNode, type FormatRoot } from './nodes.js';

/** The error a syntax error becomes, carrying every diagnostic of the parse. */
export class KilnSyntaxError extends Error {
  override name = 'SyntaxError';
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  constructor(readonly diagnostics: Diagnostic[]) {
    const first = diagnostics[0];
    super(`${first.message} [${first.code}] (${first.span.startPos.line}:${first.span.startPos.column})`);
    this.loc = { start: { ...first.span.startPos }, end: { ...first.span.endPos } };
  }
}

/** Diagnostics that mean the AST does not hold all of the text, so printing it would lose some. */
export function blockingDiagnostics(result: ParseResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === 'error');
}

// `formatKiln` parses once to learn about errors; it leaves the result here so
// that Prettier's call to `parse` on the same text does not parse a second time.
let primed: { text: string; result: ParseResult } | undefined;

/** Offers a parse of `text` to the next `parse` call on exactly that text; used once. */
export function primeParse(text: string, result: ParseResult): void {
  primed = { text, result };
}

function takePrimed(text: string): ParseResult | undefined {
  const p = primed;
  primed = undefined;
  return p && p.text === text ? p.result : undefined;
}

export function parseForPrettier(text: string, path = 'input.kiln'): FormatRoot {
  const result = takePrimed(text) ?? parseSource(new SourceFile(path, text));
  const errors = blockingDiagnostics(result);
  if (errors.length > 0) throw new KilnSyntaxError(errors);
  const { comments, ...file } = result.ast;
  const formatComments: FormatComment[] = comments.map((c) => ({ ...c, value: c.text }));
  const root: FormatRoot = { ...file, comments: formatComments };
  rootComments.set(root, formatComments);
  return root;
}

export const kilnParser: Parser<FormatNode | FormatComment> = {
  astFormat: 'kiln-ast',
  parse: (text, options) => parseForPrettier(text, options.filepath) as FormatNode,
  locStart,
  locEnd,
};
