// A span is a half-open range [start, end) of UTF-16 offsets in one file, with
// the 1-based line and column of both ends precomputed: every consumer (the
// terminal renderer, JSON/SARIF output, the language server) needs them, and
// computing them once at construction keeps those consumers trivial.

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

export interface Span {
  /** Path of the file as the project knows it (absolute). */
  file: string;
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
}

/** Maps offsets to positions for one file's text. */
export class LineMap {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo] + 1 };
  }

  offset(pos: Position): number {
    const lineStart = this.lineStarts[Math.max(0, Math.min(pos.line - 1, this.lineStarts.length - 1))];
    return Math.min(this.text.length, lineStart + Math.max(0, pos.column - 1));
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  span(file: string, start: number, end: number): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    return { file, start: s, end: e, startPos: this.position(s), endPos: this.position(e) };
  }
}

/** The smallest span covering both. Both must be in the same file. */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  return { file: a.file, start: first.start, end: last.end, startPos: first.startPos, endPos: last.endPos };
}

export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
