// Lays out the source lines of one file with their annotations under them:
// `^^^` under the primary span, `---` under secondary ones, labels inline when
// they fit and hanging below (rustc style) when several share a line. Output
// is rows of styled segments; text.ts adds the gutter and the colours.
//
// Columns in spans are UTF-16 code units; here they become terminal columns
// (tabs expanded, wide characters counted twice) so carets land under the
// characters they mean. Very long lines are cut to a window around their
// annotations.

import type { LineMap, Span } from '../span.js';
import { displayCell } from './width.js';

export interface Annotation {
  span: Span;
  label?: string;
  primary: boolean;
}

export type Style = 'primary' | 'secondary' | 'plain';

export interface Segment {
  text: string;
  style: Style;
}

export type SnippetRow =
  | { kind: 'source'; line: number; text: string }
  | { kind: 'marks'; segments: Segment[] }
  | { kind: 'gap' };

/** Source columns shown of one line before it is cut around its annotations. */
export const MAX_SOURCE_WIDTH = 100;
/** Columns of context kept before the first annotation of a cut line. */
const WINDOW_LEAD = 20;
const ELLIPSIS = '...';

/** Part of an annotation on one line, in UTF-16 offsets within that line. */
interface LinePiece {
  line: number;
  start: number;
  end: number;
  label?: string;
  primary: boolean;
}

/** A piece in terminal columns of the rendered (possibly cut) line. */
interface ColumnPiece {
  from: number;
  to: number;
  label?: string;
  primary: boolean;
}

interface LineLayout {
  /** Terminal column at which each UTF-16 offset of the line starts (length + 1 entries). */
  columnAt: number[];
  cells: { text: string; column: number; width: number }[];
  width: number;
}

function layoutLine(raw: string): LineLayout {
  const columnAt: number[] = new Array(raw.length + 1);
  const cells: LineLayout['cells'] = [];
  let column = 0;
  for (let i = 0; i < raw.length; ) {
    const cp = raw.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const cell = displayCell(cp);
    for (let u = 0; u < units; u++) columnAt[i + u] = column;
    cells.push({ text: cell.text, column, width: cell.width });
    column += cell.width;
    i += units;
  }
  columnAt[raw.length] = column;
  return { columnAt, cells, width: column };
}

/** The 1-based line and 0-based UTF-16 column where a span edge is shown, clamped into the text. */
function clampPosition(lines: LineMap, line: number, column: number): { line: number; column: number } {
  const l = Math.max(1, Math.min(line, lines.lineCount));
  const c = Math.max(0, Math.min(column - 1, lines.lineText(l).length));
  return { line: l, column: c };
}

/** Splits an annotation into the pieces drawn on each of its lines. */
function piecesOf(annotation: Annotation, lines: LineMap): LinePiece[] {
  let start = clampPosition(lines, annotation.span.startPos.line, annotation.span.startPos.column);
  let end = clampPosition(lines, annotation.span.endPos.line, annotation.span.endPos.column);
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) end = start;
  // A span ending at the start of a line really ends with the previous line's break.
  if (end.line > start.line && end.column === 0) end = { line: end.line - 1, column: lines.lineText(end.line - 1).length };
  // A point at the very end of a file that ends with a newline is shown just after the last character.
  if (start.line === end.line && start.column === end.column && start.line > 1 && start.line === lines.lineCount && lines.lineText(start.line) === '') {
    const previous = lines.lineText(start.line - 1).length;
    start = end = { line: start.line - 1, column: previous };
  }
  const { label, primary } = annotation;
  if (start.line === end.line) return [{ line: start.line, start: start.column, end: end.column, label, primary }];
  // Multi-line: mark the rest of the first line, and the last line up to the end, labelled there.
  const lastText = lines.lineText(end.line);
  const indent = Math.min(lastText.length - lastText.trimStart().length, end.column);
  return [
    { line: start.line, start: start.column, end: Math.max(start.column, lines.lineText(start.line).length), primary },
    { line: end.line, start: indent, end: end.column, label, primary },
  ];
}

interface Window {
  from: number;
  to: number;
  cutBefore: boolean;
  cutAfter: boolean;
}

function chooseWindow(layout: LineLayout, pieces: ColumnPiece[]): Window {
  if (layout.width <= MAX_SOURCE_WIDTH) return { from: 0, to: layout.width, cutBefore: false, cutAfter: false };
  const first = Math.min(...pieces.map((p) => p.from));
  const last = Math.max(...pieces.map((p) => p.to));
  const focus = last - first <= MAX_SOURCE_WIDTH - WINDOW_LEAD ? first : (pieces.find((p) => p.primary) ?? pieces[0]).from;
  const from = Math.max(0, Math.min(focus - WINDOW_LEAD, layout.width - MAX_SOURCE_WIDTH));
  const to = Math.min(layout.width, from + MAX_SOURCE_WIDTH);
  return { from, to, cutBefore: from > 0, cutAfter: to < layout.width };
}

/** Renders one line's text inside its window, and the column shift applied to its pieces. */
function windowedText(layout: LineLayout, window: Window): { text: string; shift: number } {
  let text = window.cutBefore ? ELLIPSIS : '';
  let first = true;
  let shift = window.cutBefore ? ELLIPSIS.length - window.from : 0;
  for (const cell of layout.cells) {
    if (cell.column < window.from || cell.column + cell.width > window.to) continue;
    // A wide character cut in half at the left edge is dropped; keep the carets aligned.
    if (first && window.cutBefore && cell.column > window.from) shift -= cell.column - window.from;
    first = false;
    text += cell.text;
  }
  if (window.cutAfter) text += ELLIPSIS;
  return { text: text.trimEnd(), shift };
}

function toColumns(piece: LinePiece, layout: LineLayout): ColumnPiece {
  const from = layout.columnAt[piece.start];
  const to = layout.columnAt[piece.end];
  // An empty span still gets one caret, at the position it points to.
  return { from, to: Math.max(to, from + 1), label: piece.label, primary: piece.primary };
}

type Row = { cells: Segment[]; tail?: Segment };

function blankRow(): Row {
  return { cells: [] };
}

function put(row: Row, column: number, text: string, style: Style): void {
  while (row.cells.length < column) row.cells.push({ text: ' ', style: 'plain' });
  row.cells[column] = { text, style };
}

function styleOf(piece: ColumnPiece): Style {
  return piece.primary ? 'primary' : 'secondary';
}

/** The marker row and the hanging label rows for one line's pieces. */
function markRows(pieces: ColumnPiece[]): Segment[][] {
  const underline = blankRow();
  // Secondary first, so the primary span's carets win where they overlap.
  for (const piece of [...pieces].sort((a, b) => Number(a.primary) - Number(b.primary))) {
    for (let c = piece.from; c < piece.to; c++) put(underline, c, piece.primary ? '^' : '-', styleOf(piece));
  }
  const labelled = pieces.filter((p) => p.label).sort((a, b) => a.from - b.from || a.to - b.to);
  const rows: Row[] = [underline];
  if (labelled.length > 0) {
    const last = labelled[labelled.length - 1];
    const othersEnd = Math.max(0, ...pieces.filter((p) => p !== last).map((p) => p.to));
    const hanging = last.from >= othersEnd ? labelled.slice(0, -1) : labelled;
    if (last.from >= othersEnd) underline.tail = { text: ` ${last.label}`, style: styleOf(last) };
    if (hanging.length > 0) {
      const connectors = blankRow();
      for (const p of hanging) put(connectors, p.from, '|', styleOf(p));
      rows.push(connectors);
      for (let i = hanging.length - 1; i >= 0; i--) {
        const row = blankRow();
        for (let j = 0; j < i; j++) if (hanging[j].from < hanging[i].from) put(row, hanging[j].from, '|', styleOf(hanging[j]));
        while (row.cells.length < hanging[i].from) row.cells.push({ text: ' ', style: 'plain' });
        row.tail = { text: hanging[i].label!, style: styleOf(hanging[i]) };
        rows.push(row);
      }
    }
  }
  return rows.map((row) => mergeSegments(row.tail ? [...row.cells, row.tail] : row.cells));
}

function mergeSegments(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const s of segments) {
    const prev = merged[merged.length - 1];
    if (prev && prev.style === s.style) prev.text += s.text;
    else merged.push({ ...s });
  }
  // Trailing spaces are noise in copied output and in snapshots.
  while (merged.length > 0) {
    const lastSegment = merged[merged.length - 1];
    lastSegment.text = lastSegment.text.trimEnd();
    if (lastSegment.text === '') merged.pop();
    else break;
  }
  return merged;
}

/** The rows shown for one file's annotations, lines in order, with gaps elided. */
export function snippetRows(lines: LineMap, annotations: Annotation[]): SnippetRow[] {
  const byLine = new Map<number, LinePiece[]>();
  for (const a of annotations) {
    for (const piece of piecesOf(a, lines)) {
      const list = byLine.get(piece.line) ?? [];
      list.push(piece);
      byLine.set(piece.line, list);
    }
  }
  const lineNumbers = [...byLine.keys()].sort((a, b) => a - b);
  const rows: SnippetRow[] = [];
  let previous = 0;
  const pushSource = (line: number, pieces: LinePiece[]) => {
    const layout = layoutLine(lines.lineText(line));
    const columns = pieces.map((p) => toColumns(p, layout));
    const window = chooseWindow(layout, columns);
    const { text, shift } = windowedText(layout, window);
    rows.push({ kind: 'source', line, text });
    if (columns.length === 0) return;
    // Clip pieces to the visible part. One column past the end of an uncut line stays
    // visible for end-of-line carets; a piece cut off entirely says which column it means.
    const visibleFrom = window.cutBefore ? ELLIPSIS.length : 0;
    const visibleTo = visibleFrom + (window.to - window.from) + (window.cutAfter ? 0 : 1);
    const shifted = columns.map((p, i) => {
      const hidden = p.to + shift <= visibleFrom || p.from + shift >= visibleTo;
      const from = Math.min(Math.max(visibleFrom, p.from + shift), visibleTo - 1);
      const to = Math.min(Math.max(p.to + shift, from + 1), visibleTo);
      const label = hidden && p.label ? `${p.label} (column ${pieces[i].start + 1})` : p.label;
      return { ...p, from, to, label };
    });
    for (const segments of markRows(shifted)) rows.push({ kind: 'marks', segments });
  };
  for (const line of lineNumbers) {
    if (previous > 0 && line - previous === 2) pushSource(previous + 1, []);
    else if (previous > 0 && line - previous > 2) rows.push({ kind: 'gap' });
    pushSource(line, byLine.get(line)!);
    previous = line;
  }
  return rows;
}

/** The line numbers a set of rows shows, for sizing the gutter. */
export function widestLineNumber(rows: SnippetRow[]): number {
  return rows.reduce((max, r) => (r.kind === 'source' ? Math.max(max, r.line) : max), 0);
}
