// The human format, for terminals: rustc's layout. A header with the severity
// and code, then for each file the spans point into a `-->` location and the
// annotated source lines, then `= note:` / `= help:` lines. Colour only when
// the caller asks for it (the CLI decides: a TTY and no NO_COLOR).

import pc from 'picocolors';
import type { Diagnostic } from '../diagnostic.js';
import type { SourceFile } from '../../analysis/source.js';
import type { Span } from '../span.js';
import { displayPath } from './paths.js';
import { snippetRows, widestLineNumber, type Annotation, type Segment, type SnippetRow, type Style } from './snippet.js';

export interface TextRenderOptions {
  /** Paths are shown relative to this directory. */
  cwd: string;
  /** The source of a file, by the path in its spans; undefined when it cannot be read. */
  files: (path: string) => SourceFile | undefined;
  color?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

interface FileGroup {
  file: string;
  annotations: Annotation[];
  source: SourceFile | undefined;
  rows: SnippetRow[];
}

function severityColor(colors: Colors, severity: Diagnostic['severity']): (s: string) => string {
  if (severity === 'error') return (s) => colors.bold(colors.red(s));
  if (severity === 'warning') return (s) => colors.bold(colors.yellow(s));
  return (s) => colors.bold(colors.cyan(s));
}

function location(span: Span, cwd: string): string {
  return `${displayPath(span.file, cwd)}:${span.startPos.line}:${span.startPos.column}`;
}

/** Annotations grouped by file, the primary span's file first, the others in order of appearance. */
function groupByFile(d: Diagnostic, options: TextRenderOptions): FileGroup[] {
  // A label is drawn on one row: line breaks in it would break the layout.
  const oneLine = (label: string | undefined) => label?.replace(/\s*\r?\n\s*/g, ' ');
  const annotations: Annotation[] = [
    { span: d.span, label: oneLine(d.label), primary: true },
    ...d.related.map((r) => ({ span: r.span, label: oneLine(r.message), primary: false })),
  ];
  const groups = new Map<string, FileGroup>();
  for (const a of annotations) {
    let group = groups.get(a.span.file);
    if (!group) {
      group = { file: a.span.file, annotations: [], source: options.files(a.span.file), rows: [] };
      groups.set(a.span.file, group);
    }
    group.annotations.push(a);
  }
  for (const group of groups.values()) {
    if (group.source) group.rows = snippetRows(group.source.lines, group.annotations);
  }
  return [...groups.values()];
}

/** Indents the lines after the first of a multi-line note to align with its first line. */
function hangingIndent(text: string, indent: number): string {
  return text.replace(/\r?\n/g, `\n${' '.repeat(indent)}`);
}

/** One diagnostic, as a block of lines ending in a newline. */
export function renderDiagnosticText(d: Diagnostic, options: TextRenderOptions): string {
  const colors = pc.createColors(options.color ?? false);
  const severity = severityColor(colors, d.severity);
  const gutterColor = (s: string) => colors.bold(colors.blue(s));
  const paint = (segment: Segment): string => {
    const styles: Record<Style, (s: string) => string> = { primary: severity, secondary: gutterColor, plain: (s) => s };
    return styles[segment.style](segment.text);
  };

  const groups = groupByFile(d, options);
  const width = Math.max(1, String(Math.max(0, ...groups.map((g) => widestLineNumber(g.rows)))).length);
  const pad = ' '.repeat(width);
  const bar = gutterColor(`${pad} |`);
  const out: string[] = [];

  out.push(`${severity(`${d.severity}[${d.code}]`)}${colors.bold(`: ${hangingIndent(d.message, d.severity.length + d.code.length + 4)}`)}`);
  groups.forEach((group, i) => {
    const first = group.annotations[0].span;
    if (i > 0) out.push(bar);
    out.push(`${pad}${gutterColor('-->')} ${location(first, options.cwd)}`);
    if (!group.source) {
      // The file could not be read: keep the labels, without the code they point at.
      for (const a of group.annotations) if (a.label) out.push(`${pad} ${gutterColor('=')} ${colors.bold('note')}: ${a.label} (at ${location(a.span, options.cwd)})`);
      return;
    }
    out.push(bar);
    for (const row of group.rows) {
      if (row.kind === 'gap') out.push(gutterColor('...'));
      else if (row.kind === 'source') out.push(row.text === '' ? gutterColor(`${String(row.line).padStart(width)} |`) : `${gutterColor(`${String(row.line).padStart(width)} |`)} ${row.text}`);
      else out.push(`${bar} ${row.segments.map(paint).join('')}`);
    }
  });

  const trailers: [string, string][] = d.notes.map((n) => ['note', n]);
  const help = d.help ?? d.fix?.title;
  if (help) trailers.push(['help', help]);
  if (trailers.length > 0) {
    if (groups.some((g) => g.source)) out.push(bar);
    for (const [kind, text] of trailers) out.push(`${pad} ${gutterColor('=')} ${colors.bold(kind)}: ${hangingIndent(text, width + kind.length + 5)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Every diagnostic, in the order given, separated by blank lines. */
export function renderText(diagnostics: readonly Diagnostic[], options: TextRenderOptions): string {
  return diagnostics.map((d) => renderDiagnosticText(d, options)).join('\n');
}
