// Markdown shown in hover, completion and signature help: catalog entries,
// their parameters, keywords and user declarations. Everything is read from
// the catalog and the AST; nothing is written here by hand per entry.

import { formatParam, formatParamType, formatRange, formatSignature, type CatalogEntry, type ParamSpec } from '../../src/catalog/index.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { KilnSymbol } from '../../src/resolve/symbols.js';
import type * as A from '../../src/syntax/ast.js';
import { formatArgValue } from '../../src/types/values.js';
import { docComment } from './ast-query.js';

const kindWords: Record<string, string> = {
  layer: 'layer',
  activation: 'activation',
  merge: 'merge',
  transform: 'data transform',
  augmentation: 'augmentation (train split only)',
  optimizer: 'optimizer',
  schedule: 'learning-rate schedule',
  loss: 'loss',
  metric: 'metric',
  regularizer: 'regularizer',
  callback: 'training callback',
};

export const fence = (code: string) => '```kiln\n' + code + '\n```';

export function paramLine(p: ParamSpec): string {
  const facts = [`\`${formatParamType(p.type)}\``];
  if (p.required) facts.push('required');
  else if (p.default !== undefined) facts.push(`default \`${formatArgValue(p.default)}\``);
  if (p.range) facts.push(formatRange(p.range));
  return `- \`${p.name}\` (${facts.join(', ')}): ${p.doc}`;
}

export function entryMarkdown(entry: CatalogEntry): string {
  const parts = [fence(formatSignature(entry)), `*${kindWords[entry.kind] ?? entry.kind}* — ${entry.doc}`];
  if (entry.params.length > 0) parts.push(entry.params.map(paramLine).join('\n'));
  if (entry.example) parts.push(`Example:\n${fence(entry.example)}`);
  return parts.join('\n\n');
}

export function paramMarkdown(entry: Pick<CatalogEntry, 'name'>, p: ParamSpec): string {
  const facts: string[] = [`type \`${formatParamType(p.type)}\``];
  facts.push(p.required ? 'required' : p.default !== undefined ? `default \`${formatArgValue(p.default)}\`` : 'optional');
  if (p.range) facts.push(`range: ${formatRange(p.range)}`);
  return [fence(`${entry.name}(${formatParam(p)})`), p.doc, facts.join(' · ')].join('\n\n');
}

const text = (file: FileAnalysis | undefined, span: { start: number; end: number } | undefined) =>
  file && span ? file.source.text.slice(span.start, span.end) : '';

function paramsText(file: FileAnalysis | undefined, params: A.Param[]): string {
  return params.map((p) => text(file, p.span).replace(/\s+/g, ' ')).join(', ');
}

/** The one-line summary of a declaration: `block mlp_head(units: int, p: float = 0.2)`. */
export function declarationSignature(symbol: KilnSymbol, file: FileAnalysis | undefined): string {
  const node = symbol.node as A.NamedDecl | A.Param | A.LetStatement | undefined;
  switch (symbol.kind) {
    case 'block': {
      const d = node as A.BlockDecl;
      return `block ${symbol.name}(${paramsText(file, d?.params ?? [])})`;
    }
    case 'model': {
      const d = node as A.ModelDecl;
      const output = d?.output ? ` -> ${text(file, d.output.span)}` : '';
      return `model ${symbol.name}(${paramsText(file, d?.params ?? [])})${output}`;
    }
    case 'param':
    case 'input':
      return `${symbol.kind === 'input' ? 'input' : 'param'} ${text(file, node?.span).replace(/\s+/g, ' ') || symbol.name}`;
    case 'let': {
      const value = text(file, (node as A.LetStatement | undefined)?.value?.span).replace(/\s+/g, ' ');
      return `let ${symbol.name} = ${value.length > 80 ? `${value.slice(0, 77)}…` : value}`;
    }
    case 'namespace':
      return `import … as ${symbol.name}`;
    default:
      return `${symbol.kind} ${symbol.name}`;
  }
}

/** Hover text for a user declaration: its signature, where it lives, its doc comment. */
export function declarationMarkdown(symbol: KilnSymbol, file: FileAnalysis | undefined, fromFile: string, shape?: string): string {
  const parts = [fence(declarationSignature(symbol, file))];
  if (shape) parts.push(`output: \`${shape}\``);
  if (symbol.file !== fromFile) parts.push(`declared in \`${symbol.file.split(/[\\/]/).pop()}\``);
  const isTopLevel = !['param', 'input', 'let', 'namespace'].includes(symbol.kind);
  const doc = isTopLevel && file ? docComment(file, symbol.span.start) : undefined;
  if (doc) parts.push(doc);
  return parts.join('\n\n');
}
