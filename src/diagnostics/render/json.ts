// The machine format: one JSON array, one object per diagnostic, positions
// 1-based (columns in UTF-16 code units, end exclusive), paths relative to the
// working directory with forward slashes. Fields are only ever added, never
// renamed: scripts depend on them.

import type { Diagnostic } from '../diagnostic.js';
import type { Span } from '../span.js';
import { displayPath } from './paths.js';

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonDiagnostic extends JsonLocation {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  label?: string;
  help?: string;
  notes?: string[];
  related?: (JsonLocation & { message: string })[];
  fix?: { title: string; edits: (JsonLocation & { newText: string })[] };
}

export function jsonLocation(span: Span, cwd: string): JsonLocation {
  return {
    file: displayPath(span.file, cwd),
    line: span.startPos.line,
    column: span.startPos.column,
    endLine: span.endPos.line,
    endColumn: span.endPos.column,
  };
}

export function toJsonDiagnostic(d: Diagnostic, cwd: string): JsonDiagnostic {
  const item: JsonDiagnostic = { ...jsonLocation(d.span, cwd), severity: d.severity, code: d.code, message: d.message };
  if (d.label) item.label = d.label;
  if (d.help) item.help = d.help;
  if (d.notes.length > 0) item.notes = [...d.notes];
  if (d.related.length > 0) item.related = d.related.map((r) => ({ ...jsonLocation(r.span, cwd), message: r.message }));
  if (d.fix) item.fix = { title: d.fix.title, edits: d.fix.edits.map((e) => ({ ...jsonLocation(e.span, cwd), newText: e.newText })) };
  return item;
}

/** The whole array, pretty-printed, ending in a newline. */
export function renderJson(diagnostics: readonly Diagnostic[], options: { cwd: string }): string {
  return `${JSON.stringify(diagnostics.map((d) => toJsonDiagnostic(d, options.cwd)), null, 2)}\n`;
}
