// Go to definition, find references and document highlights, across
// imports: every name the resolver recorded points at its declaring name.

import { DocumentHighlightKind, type DocumentHighlight, type Location } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { referencesTo, symbolAt } from './ast-query.js';
import { spanToRange } from './convert.js';
import type { UriMap } from './uri.js';

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(file: FileAnalysis, offset: number, uris: UriMap): Location[] {
  // An import's path leads to the file.
  for (const imp of file.imports) {
    const p = imp.decl.path;
    if (p && imp.target && p.span.start <= offset && offset <= p.span.end) return [{ uri: uris.uri(imp.target), range: zero }];
  }
  const at = symbolAt(file, offset);
  if (!at) return [];
  return [{ uri: uris.uri(at.target.file), range: spanToRange(at.target.nameSpan) }];
}

export function references(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number, includeDeclaration: boolean, uris: UriMap): Location[] {
  const at = symbolAt(file, offset);
  if (!at) return [];
  const spans = referencesTo(at.target, files.values());
  if (includeDeclaration) spans.unshift(at.target.nameSpan);
  return spans.map((s) => ({ uri: uris.uri(s.file), range: spanToRange(s) }));
}

export function highlights(file: FileAnalysis, offset: number): DocumentHighlight[] {
  const at = symbolAt(file, offset);
  if (!at) return [];
  const out: DocumentHighlight[] = [];
  if (at.target.file === file.path) out.push({ range: spanToRange(at.target.nameSpan), kind: DocumentHighlightKind.Write });
  for (const s of referencesTo(at.target, [file])) if (s.file === file.path) out.push({ range: spanToRange(s), kind: DocumentHighlightKind.Read });
  return out;
}
