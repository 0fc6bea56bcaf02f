// GitHub Actions workflow commands: each diagnostic becomes an annotation on
// the pull request's diff (`::error file=…,line=…::message`). Escaping follows
// the Actions toolkit: `%`, CR and LF in the message; those and `:` and `,` in
// property values.

import type { Diagnostic } from '../diagnostic.js';
import { displayPath } from './paths.js';

const commandFor: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', note: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(d: Diagnostic, cwd: string): string {
  const { startPos, endPos } = d.span;
  const properties: [string, string | number][] = [
    ['file', displayPath(d.span.file, cwd)],
    ['line', startPos.line],
    ['col', startPos.column],
    ['endLine', endPos.line],
    ['endColumn', endPos.column],
    ['title', d.code],
  ];
  // The annotation is all a reviewer sees: carry the hint along with the message.
  const help = d.help ?? d.fix?.title;
  const message = help ? `${d.message}\nhelp: ${help}` : d.message;
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${commandFor[d.severity]} ${props}::${escapeData(message)}`;
}

/** One command per line, ending in a newline (empty for no diagnostics). */
export function renderGithub(diagnostics: readonly Diagnostic[], options: { cwd: string }): string {
  return diagnostics.map((d) => `${githubAnnotation(d, options.cwd)}\n`).join('');
}
