// The outline of a document (declarations with their parameters, bindings,
// features and settings) and workspace-wide symbol search.

import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { Span } from '../../src/diagnostics/span.js';
import type { SymbolKind as KilnKind } from '../../src/resolve/symbols.js';
import type * as A from '../../src/syntax/ast.js';
import { walk } from './ast-query.js';
import { spanToRange } from './convert.js';
import { declarationSignature } from './docs.js';
import type { UriMap } from './uri.js';

const kinds: Record<KilnKind, SymbolKind> = {
  data: SymbolKind.Struct,
  block: SymbolKind.Function,
  model: SymbolKind.Class,
  schedule: SymbolKind.Object,
  distill: SymbolKind.Interface,
  experiment: SymbolKind.Event,
  param: SymbolKind.Variable,
  input: SymbolKind.Variable,
  let: SymbolKind.Variable,
  namespace: SymbolKind.Module,
};

function symbol(name: string, kind: SymbolKind, span: Span, nameSpan: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  return { name: name || '(unnamed)', kind, range: spanToRange(span), selectionRange: spanToRange(nameSpan), detail, children };
}

function childrenOf(decl: A.NamedDecl): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const settings = (items: readonly { kind: string }[]) => {
    for (const item of items) {
      if (item.kind === 'Setting') {
        const s = item as A.Setting;
        out.push(symbol(s.name.text, SymbolKind.Property, s.span, s.name.span));
      } else if (item.kind === 'Features' || item.kind === 'Fields') {
        const section = item as A.FeaturesSection | A.FieldsSection;
        const kids = section.bindings.map((b) => symbol(b.name.text, SymbolKind.Field, b.span, b.name.span));
        out.push({ ...symbol(item.kind.toLowerCase(), SymbolKind.Namespace, section.span, section.span), children: kids });
      }
    }
  };
  switch (decl.kind) {
    case 'Model':
    case 'Block':
      for (const p of decl.params) out.push(symbol(p.name.text, SymbolKind.Variable, p.span, p.name.span));
      walk(decl, (n) => {
        if (n.kind === 'Let' && n.name) out.push(symbol(n.name.text, SymbolKind.Variable, n.span, n.name.span));
      });
      break;
    case 'Data':
      settings(decl.items);
      break;
    case 'Schedule':
      settings(decl.settings);
      break;
    case 'Distill':
    case 'Experiment':
      settings(decl.items);
      break;
  }
  return out;
}

export function documentSymbols(file: FileAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const d of file.parse.ast.decls) {
    if (d.kind === 'Import') {
      if (d.path) out.push(symbol(d.alias?.text ?? d.path.value, SymbolKind.Module, d.span, d.alias?.span ?? d.path.span, `import "${d.path.value}"`));
      continue;
    }
    if (!d.name) continue;
    const sym = file.declared.find((s) => s.nameSpan.start === d.name!.span.start);
    out.push(symbol(d.name.text, sym ? kinds[sym.kind] : SymbolKind.Object, d.span, d.name.span, sym ? declarationSignature(sym, file) : undefined, childrenOf(d)));
  }
  return out;
}

/** Whether the letters of `query` appear in `name` in order (case-insensitive). */
function matches(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

export function workspaceSymbols(files: Map<string, FileAnalysis>, query: string, uris: UriMap): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const f of files.values()) {
    for (const s of f.declared) {
      if (!matches(s.name, query)) continue;
      out.push({ name: s.name, kind: kinds[s.kind], location: { uri: uris.uri(s.file), range: spanToRange(s.nameSpan) }, containerName: f.path.split(/[\\/]/).pop() });
      if (out.length >= 500) return out;
    }
  }
  return out;
}
