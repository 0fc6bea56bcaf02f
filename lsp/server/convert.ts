// Conversions between the analysis's spans (offsets, 1-based lines and
// columns in UTF-16) and the protocol's ranges (0-based, UTF-16).

import type { Position, Range } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { LineMap, Span } from '../../src/diagnostics/span.js';

export function spanToRange(span: Span): Range {
  return {
    start: { line: span.startPos.line - 1, character: span.startPos.column - 1 },
    end: { line: span.endPos.line - 1, character: span.endPos.column - 1 },
  };
}

export function offsetToPosition(lines: LineMap, offset: number): Position {
  const p = lines.position(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

export function offsetsToRange(lines: LineMap, start: number, end: number): Range {
  return { start: offsetToPosition(lines, start), end: offsetToPosition(lines, end) };
}

/** The offset of a position, clamped to its line (a client may send a column past the end). */
export function positionToOffset(lines: LineMap, position: Position): number {
  const line = Math.max(0, Math.min(position.line, lines.lineCount - 1)) + 1;
  const lineLength = lines.lineText(line).length;
  const column = Math.max(0, Math.min(position.character, lineLength)) + 1;
  return lines.offset({ line, column });
}

export function offsetIn(file: FileAnalysis, position: Position): number {
  return positionToOffset(file.source.lines, position);
}

export function rangeToOffsets(lines: LineMap, range: Range): { start: number; end: number } {
  const a = positionToOffset(lines, range.start);
  const b = positionToOffset(lines, range.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}
