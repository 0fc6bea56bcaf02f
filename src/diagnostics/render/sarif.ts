// SARIF 2.1.0, the format code-scanning services read (GitHub code scanning
// among them): one run of the `kiln` tool, a rule per diagnostic code used,
// taken from the diagnostic catalog, and a result per diagnostic with its
// related locations and its fix as a replacement.

import { lookupCode } from '../catalog.js';
import type { Diagnostic, Fix } from '../diagnostic.js';
import type { Span } from '../span.js';
import { firstParagraph } from './markdown.js';
import { directoryUri, fileUri, isInside } from './paths.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Relative artifact URIs are resolved against this base, the directory kiln ran in. */
export const SOURCE_ROOT = 'SRCROOT';

export interface SarifOptions {
  cwd: string;
  /** kiln's version, shown as the driver's version. */
  version?: string;
  informationUri?: string;
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: SarifRegion;
}

interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  defaultConfiguration?: { level: Diagnostic['severity'] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version?: string; informationUri?: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: unknown[];
  }[];
}

function artifactLocation(file: string, cwd: string): SarifArtifactLocation {
  const uri = fileUri(file, cwd);
  return isInside(file, cwd) ? { uri, uriBaseId: SOURCE_ROOT } : { uri };
}

function region(span: Span): SarifRegion {
  return { startLine: span.startPos.line, startColumn: span.startPos.column, endLine: span.endPos.line, endColumn: span.endPos.column };
}

function physicalLocation(span: Span, cwd: string): SarifPhysicalLocation {
  return { artifactLocation: artifactLocation(span.file, cwd), region: region(span) };
}

function rule(code: string): SarifRule {
  const entry = lookupCode(code);
  if (!entry) return { id: code };
  const full = firstParagraph(entry.explanation);
  return {
    id: entry.code,
    name: entry.title,
    shortDescription: { text: entry.title },
    ...(full ? { fullDescription: { text: full } } : {}),
    defaultConfiguration: { level: entry.severity },
  };
}

function sarifFix(fix: Fix, cwd: string) {
  // One artifactChange per file, in the order the edits first touch them.
  const byFile = new Map<string, Fix['edits']>();
  for (const edit of fix.edits) byFile.set(edit.span.file, [...(byFile.get(edit.span.file) ?? []), edit]);
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file, cwd),
      replacements: edits.map((e) => ({ deletedRegion: region(e.span), insertedContent: { text: e.newText } })),
    })),
  };
}

export function toSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): SarifLog {
  const codes = [...new Set(diagnostics.map((d) => lookupCode(d.code)?.code ?? d.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const results = diagnostics.map((d) => {
    const id = lookupCode(d.code)?.code ?? d.code;
    const primary: Record<string, unknown> = { physicalLocation: physicalLocation(d.span, options.cwd) };
    if (d.label) primary.message = { text: d.label };
    const result: Record<string, unknown> = {
      ruleId: id,
      ruleIndex: ruleIndex.get(id)!,
      level: d.severity,
      message: { text: d.message },
      locations: [primary],
    };
    if (d.related.length > 0) {
      result.relatedLocations = d.related.map((r, i) => ({ id: i, physicalLocation: physicalLocation(r.span, options.cwd), message: { text: r.message } }));
    }
    const fixEdits = d.fix?.edits.length ?? 0;
    if (d.fix && fixEdits > 0) result.fixes = [sarifFix(d.fix, options.cwd)];
    if (d.help || d.notes.length > 0) result.properties = { ...(d.help ? { help: d.help } : {}), ...(d.notes.length > 0 ? { notes: d.notes } : {}) };
    return result;
  });
  const driver: SarifLog['runs'][number]['tool']['driver'] = { name: 'kiln', rules: codes.map(rule) };
  if (options.version) driver.version = options.version;
  if (options.informationUri) driver.informationUri = options.informationUri;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver }, originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(options.cwd) } }, columnKind: 'utf16CodeUnits', results }],
  };
}

export function renderSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(diagnostics, options), null, 2)}\n`;
}
