// The diagnostics model shared by every phase. A phase never throws on user
// input: it returns what it built plus a list of these.

import type { Span } from './span.js';
import { lookupCode, type Severity } from './catalog.js';

export type { Severity } from './catalog.js';

export interface Label {
  span: Span;
  message: string;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A machine-applicable fix: the language server offers it as a quick fix. */
export interface Fix {
  /** Imperative, shown in the editor's menu: "insert `flatten()`". */
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  /** Stands alone, starts lowercase, names what was expected and what was found. */
  message: string;
  span: Span;
  /** Label under the primary caret, e.g. "needs f32[n]". */
  label?: string;
  /** Secondary spans, each with its label, e.g. "opened here". */
  related: Label[];
  notes: string[];
  /** A human hint, rendered as `= help: …`. */
  help?: string;
  fix?: Fix;
}

export type DiagnosticArgs = Record<string, string | number>;

function fill(template: string, args: DiagnosticArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? String(args[key]) : whole));
}

export interface DiagnosticExtras {
  label?: string;
  related?: Label[];
  notes?: string[];
  help?: string;
  fix?: Fix;
  /** Overrides the catalog severity (e.g. a lint promoted to an error). */
  severity?: Severity;
}

/** Builds a diagnostic from the catalog entry for `code`, filling its message template. */
export function diagnostic(code: string, span: Span, args: DiagnosticArgs = {}, extras: DiagnosticExtras = {}): Diagnostic {
  const entry = lookupCode(code);
  if (!entry) throw new Error(`internal: diagnostic code ${code} is not in the catalog`);
  return {
    code,
    severity: extras.severity ?? entry.severity,
    message: fill(entry.message, args),
    span,
    label: extras.label,
    related: extras.related ?? [],
    notes: extras.notes ?? [],
    help: extras.help,
    fix: extras.fix,
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by file, then position, then code: the order every output format uses. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) || a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code),
  );
}
