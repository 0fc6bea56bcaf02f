// Kiln diagnostics as protocol diagnostics: the code, the severity, related
// spans as related information, and the machine-applicable fix kept in
// `data` so the code-action provider can offer it as a quick fix.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node.js';
import type { Diagnostic, Fix } from '../../src/diagnostics/diagnostic.js';
import { spanToRange } from './convert.js';
import type { UriMap } from './uri.js';

/** What a published diagnostic carries in `data`. */
export interface DiagnosticData {
  fix?: Fix;
}

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
} as const;

/** Codes for things that are merely unused: editors grey them out. */
const unnecessaryCodes = new Set(['K1004']);

export function toLspDiagnostic(d: Diagnostic, uris: UriMap): LspDiagnostic {
  const extra = [...(d.help ? [`help: ${d.help}`] : []), ...d.notes.map((n) => `note: ${n}`)];
  const out: LspDiagnostic = {
    range: spanToRange(d.span),
    severity: severities[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'kiln',
    message: extra.length > 0 ? `${d.message}\n${extra.join('\n')}` : d.message,
  };
  if (d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: uris.uri(r.span.file), range: spanToRange(r.span) }, message: r.message }));
  }
  if (unnecessaryCodes.has(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  if (d.fix) out.data = { fix: d.fix } satisfies DiagnosticData;
  return out;
}
