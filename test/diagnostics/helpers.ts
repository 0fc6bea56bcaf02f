// Builders for the renderer tests: source files from inline text, spans found
// by the text they cover, and diagnostics as plain objects (no catalog codes
// are needed to render).

import { SourceFile } from '../../src/analysis/source.js';
import type { Diagnostic, Label } from '../../src/diagnostics/diagnostic.js';
import type { Span } from '../../src/diagnostics/span.js';

export const cwd = '/project';

export function source(relativePath: string, text: string): SourceFile {
  return new SourceFile(`${cwd}/${relativePath}`, text);
}

/** The span of the `nth` (0-based) occurrence of `needle` in the file. */
export function spanOf(file: SourceFile, needle: string, nth = 0): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = file.text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test setup: "${needle}" not found in ${file.path}`);
  }
  return file.lines.span(file.path, at, at + needle.length);
}

export function spanAt(file: SourceFile, start: number, end = start): Span {
  return file.lines.span(file.path, start, end);
}

export function diag(fields: Partial<Diagnostic> & { span: Span; message: string }): Diagnostic {
  return { code: 'K0204', severity: 'error', related: [] as Label[], notes: [], ...fields };
}

export function lookupIn(...files: SourceFile[]): (path: string) => SourceFile | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return (path) => byPath.get(path);
}
