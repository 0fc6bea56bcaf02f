// Folding ranges: every bracketed region that spans lines (declaration
// bodies, sections, long calls and lists), multi-line comments, and runs of
// imports.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { lexedOf } from './tokens.js';

export function foldingRanges(file: FileAnalysis): FoldingRange[] {
  const lines = file.source.lines;
  const line = (offset: number) => lines.position(offset).line - 1;
  const out: FoldingRange[] = [];
  const stack: { name: string; line: number }[] = [];
  const closes: Record<string, string> = { RBrace: 'LBrace', RParen: 'LParen', RBracket: 'LBracket' };
  for (const t of lexedOf(file).tokens) {
    const name = t.tokenType.name;
    if (name === 'LBrace' || name === 'LParen' || name === 'LBracket') stack.push({ name, line: line(t.startOffset) });
    else if (closes[name]) {
      const at = stack.map((s) => s.name).lastIndexOf(closes[name]);
      if (at < 0) continue;
      const open = stack[at];
      stack.length = at;
      const endLine = line(t.startOffset) - 1;
      if (endLine > open.line) out.push({ startLine: open.line, endLine });
    }
  }
  for (const c of lexedOf(file).comments) {
    const start = line(c.startOffset);
    const end = line(c.endOffset!);
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
  }
  const imports = file.parse.ast.decls.filter((d) => d.kind === 'Import');
  if (imports.length > 1) {
    const start = line(imports[0].span.start);
    const end = line(imports[imports.length - 1].span.end);
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Imports });
  }
  return out;
}
