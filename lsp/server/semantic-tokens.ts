// Semantic tokens: keywords, literals and comments from the lexer; names
// classified by what they resolve to (a model, a block, data, a parameter, a
// binding), declaring names marked as declarations, catalog names marked as
// the default library, named arguments and settings as properties, types.

import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node.js';
import { keywordTokens } from '../../grammar/tokens.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { findEntry } from '../../src/catalog/index.js';
import type { SymbolKind } from '../../src/resolve/symbols.js';
import { walk } from './ast-query.js';
import { lexedOf } from './tokens.js';

const tokenTypes = ['namespace', 'type', 'class', 'struct', 'function', 'parameter', 'variable', 'property', 'enumMember', 'keyword', 'number', 'string', 'comment', 'operator'] as const;
const tokenModifiers = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof tokenTypes)[number];
type Modifier = (typeof tokenModifiers)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

const symbolTypes: Record<SymbolKind, [TokenType, Modifier[]]> = {
  data: ['struct', []],
  block: ['function', []],
  model: ['class', []],
  schedule: ['variable', ['readonly']],
  distill: ['variable', ['readonly']],
  experiment: ['variable', ['readonly']],
  param: ['parameter', []],
  input: ['parameter', []],
  let: ['variable', []],
  namespace: ['namespace', []],
};

const keywordNames = new Set(Object.values(keywordTokens).map((t) => t.name));

export function semanticTokens(file: FileAnalysis): SemanticTokens {
  const classified = new Map<number, [TokenType, Modifier[]]>();
  for (const r of file.resolution.references) classified.set(r.span.start, symbolTypes[r.symbol.kind]);
  for (const s of file.declared) classified.set(s.nameSpan.start, [symbolTypes[s.kind][0], [...symbolTypes[s.kind][1], 'declaration']]);
  for (const ns of file.scope.namespaces.values()) if (ns.symbol.file === file.path) classified.set(ns.symbol.nameSpan.start, ['namespace', ['declaration']]);
  const builtins = catalogBuiltins();
  walk(file.parse.ast, (n, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (n.kind === 'TypeRef') classified.set(n.name.span.start, ['type', []]);
    else if (n.kind === 'Argument' && n.name) classified.set(n.name.span.start, ['property', []]);
    else if (n.kind === 'Setting') classified.set(n.name.span.start, ['property', []]);
    else if (n.kind === 'TypedBinding') classified.set(n.name.span.start, ['property', ['declaration']]);
    else if (n.kind === 'Param') {
      const owner = ancestors.find((a) => a.kind === 'Model' || a.kind === 'Block');
      if (owner) classified.set(n.name.span.start, ['parameter', ['declaration']]);
    } else if (n.kind === 'Let' && n.name) classified.set(n.name.span.start, ['variable', ['declaration']]);
    else if (n.kind === 'NameRef' && !classified.has(n.span.start)) {
      if (parent?.kind === 'Argument' && findEntry(n.name, 'activation')) classified.set(n.span.start, ['enumMember', ['defaultLibrary']]);
      else if (builtins.isStage(n.name) || findEntry(n.name)) classified.set(n.span.start, ['function', ['defaultLibrary']]);
    }
  });

  const { tokens, comments } = lexedOf(file);
  const lexed = [...tokens.map((t) => ({ t, comment: false })), ...comments.map((t) => ({ t, comment: true }))].sort((a, b) => a.t.startOffset - b.t.startOffset);
  const builder = new SemanticTokensBuilder();
  const lines = file.source.lines;
  const push = (start: number, end: number, type: TokenType, modifiers: Modifier[]) => {
    const typeIndex = tokenTypes.indexOf(type);
    const mods = modifiers.reduce((m, x) => m | (1 << tokenModifiers.indexOf(x)), 0);
    // Tokens may not span lines: split multi-line comments and strings.
    let s = start;
    while (s < end) {
      const p = lines.position(s);
      const lineEnd = lines.offset({ line: p.line, column: lines.lineText(p.line).length + 1 });
      const e = Math.min(end, Math.max(lineEnd, s + 1));
      if (e > s) builder.push(p.line - 1, p.column - 1, e - s, typeIndex, mods);
      const next = lines.offset({ line: p.line + 1, column: 1 });
      if (next <= s) break;
      s = Math.max(e, next);
      if (p.line >= lines.lineCount) break;
    }
  };
  for (const { t, comment } of lexed) {
    const start = t.startOffset;
    const end = t.endOffset! + 1;
    if (!Number.isFinite(start) || end <= start) continue;
    const name = t.tokenType.name;
    if (comment) push(start, end, 'comment', []);
    else if (name === 'StringLiteral') push(start, end, 'string', []);
    else if (name === 'NumberLiteral') push(start, end, 'number', []);
    else if (name === 'Pipe' || name === 'Arrow' || name === 'LeftArrow') push(start, end, 'operator', []);
    else {
      const known = classified.get(start);
      if (known) push(start, end, known[0], known[1]);
      else if (keywordNames.has(name)) push(start, end, 'keyword', []);
      else if (name === 'Identifier') push(start, end, 'variable', []);
    }
  }
  return builder.build();
}
