// Selection ranges: from the word under the cursor out through each
// enclosing AST node (argument, call, pipeline, statement, declaration) to
// the whole file.

import type { Position, SelectionRange } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { nodePathAt } from './ast-query.js';
import { offsetIn, offsetsToRange } from './convert.js';

export function selectionRanges(file: FileAnalysis, positions: Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = offsetIn(file, position);
    const spans: { start: number; end: number }[] = [{ start: 0, end: file.source.text.length }];
    for (const n of nodePathAt(file.parse.ast, offset).slice(1)) spans.push({ start: n.span.start, end: n.span.end });
    let range: SelectionRange | undefined;
    let last: { start: number; end: number } | undefined;
    for (const s of spans) {
      if (last && ((last.start === s.start && last.end === s.end) || s.start < last.start || s.end > last.end)) continue;
      range = { range: offsetsToRange(file.source.lines, s.start, s.end), parent: range };
      last = s;
    }
    return range ?? { range: { start: position, end: position } };
  });
}
