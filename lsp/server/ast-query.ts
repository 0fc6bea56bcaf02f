// Queries over one file's analysis that several providers share: walking the
// AST generically, the chain of nodes under a cursor, the symbol a cursor is
// on (a reference or a declaring name), and every reference to a symbol.
//
// Symbols are identified by where they are declared (file + offset of the
// name): the analysis is rebuilt on every edit, so object identity does not
// survive between requests, but the declaring span does within one snapshot.

import type { FileAnalysis } from '../../src/analysis/program.js';
import type { Span } from '../../src/diagnostics/span.js';
import type { KilnSymbol, SymbolKind } from '../../src/resolve/symbols.js';
import type * as A from '../../src/syntax/ast.js';

export type Node = A.AnyNode | A.Comment;

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string' && typeof (x as { span?: Span }).span?.start === 'number';
}

/** The child nodes of any AST node, in source order. Reflective, so new node kinds need no change here. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'comments') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Visits every node depth-first; `visit` gets the node and its ancestors (outermost first). */
export function walk(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const go = (node: Node) => {
    visit(node, ancestors);
    ancestors.push(node);
    for (const child of children(node)) go(child);
    ancestors.pop();
  };
  go(root);
}

/** The nodes containing `offset`, outermost (the file) first. A cursor right after a node counts as inside it. */
export function nodePathAt(ast: A.KilnFile, offset: number): Node[] {
  const path: Node[] = [ast];
  let current: Node = ast;
  for (;;) {
    const kids = children(current);
    const inside = kids.find((k) => k.span.start <= offset && offset < k.span.end) ?? kids.find((k) => k.span.start <= offset && offset === k.span.end);
    if (!inside) return path;
    path.push(inside);
    current = inside;
  }
}

export interface SymbolRef {
  key: string;
  name: string;
  kind: SymbolKind;
  file: string;
  nameSpan: Span;
  /** Set when the symbol came from the analysis (not only from a declaring name in the AST). */
  symbol?: KilnSymbol;
}

export function symbolKey(file: string, nameSpan: Span): string {
  return `${file}#${nameSpan.start}`;
}

function fromSymbol(symbol: KilnSymbol): SymbolRef {
  return { key: symbolKey(symbol.file, symbol.nameSpan), name: symbol.name, kind: symbol.kind, file: symbol.file, nameSpan: symbol.nameSpan, symbol };
}

const within = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** The symbol under the cursor, with the span of the name the cursor is on. */
export function symbolAt(file: FileAnalysis, offset: number): { target: SymbolRef; span: Span } | undefined {
  const refs = file.resolution.references.filter((r) => within(r.span, offset));
  // Prefer a reference that starts at or before the cursor and is the narrowest.
  refs.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  if (refs[0]) return { target: fromSymbol(refs[0].symbol), span: refs[0].span };
  for (const sym of file.declared) if (within(sym.nameSpan, offset)) return { target: fromSymbol(sym), span: sym.nameSpan };
  for (const ns of file.scope.namespaces.values()) {
    if (ns.symbol.file === file.path && within(ns.symbol.nameSpan, offset)) return { target: fromSymbol(ns.symbol), span: ns.symbol.nameSpan };
  }
  // A parameter, input or `let` that may never be referenced: find its declaring name in the AST.
  const path = nodePathAt(file.parse.ast, offset);
  const leaf = path[path.length - 1];
  const parent = path[path.length - 2];
  const owner = path.find((n) => n.kind === 'Model' || n.kind === 'Block');
  if (leaf?.kind === 'Name' && parent && owner) {
    if (parent.kind === 'Param' && parent.name === leaf) {
      const kind: SymbolKind = owner.kind === 'Model' ? 'input' : 'param';
      return { target: { key: symbolKey(file.path, leaf.span), name: leaf.text, kind, file: file.path, nameSpan: leaf.span }, span: leaf.span };
    }
    if (parent.kind === 'Let' && parent.name === leaf) {
      return { target: { key: symbolKey(file.path, leaf.span), name: leaf.text, kind: 'let', file: file.path, nameSpan: leaf.span }, span: leaf.span };
    }
  }
  return undefined;
}

/** Every reference to `target` in the given files (declarations excluded). */
export function referencesTo(target: SymbolRef, files: Iterable<FileAnalysis>): Span[] {
  const out: Span[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    for (const r of f.resolution.references) {
      if (symbolKey(r.symbol.file, r.symbol.nameSpan) !== target.key) continue;
      const k = `${r.span.file}#${r.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r.span);
    }
  }
  return out;
}

/** The declaration (top-level decl) containing the offset, if any. */
export function declAt(ast: A.KilnFile, offset: number): A.Decl | undefined {
  return ast.decls.find((d) => d.span.start <= offset && offset <= d.span.end);
}

/** The leading `//` comment lines right above a declaration, as its documentation. */
export function docComment(file: FileAnalysis, declStart: number): string | undefined {
  const lines = file.source.lines;
  const declLine = lines.position(declStart).line;
  const collected: string[] = [];
  for (let line = declLine - 1; line >= 1; line--) {
    const text = lines.lineText(line).trim();
    if (!text.startsWith('//')) break;
    collected.unshift(text.replace(/^\/\/\s?/, ''));
  }
  return collected.length > 0 ? collected.join('\n') : undefined;
}
