// Symbols: what a name can resolve to, and the reference table that records,
// for every resolved name in a file, where it points. The language server's
// definition, references and rename read this table.

import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';

export type SymbolKind =
  | 'data'
  | 'block'
  | 'model'
  | 'schedule'
  | 'distill'
  | 'experiment'
  | 'param'
  | 'input'
  | 'let'
  | 'namespace';

export interface KilnSymbol {
  name: string;
  kind: SymbolKind;
  /** The file that declares it. */
  file: string;
  /** The span of the declaring name. */
  nameSpan: Span;
  /** The span of the whole declaration. */
  span: Span;
  /** The declaration node: a top-level Decl, a Param or a Let. */
  node: A.NamedDecl | A.Param | A.LetStatement;
  /** For a namespace (an aliased import): the file it names. */
  target?: string;
}

export interface Reference {
  name: string;
  span: Span;
  symbol: KilnSymbol;
}

const articles: Record<SymbolKind, string> = {
  data: 'data',
  block: 'a block',
  model: 'a model',
  schedule: 'a schedule',
  distill: 'a distillation pair',
  experiment: 'an experiment',
  param: 'a parameter',
  input: 'a model input',
  let: 'a `let` binding',
  namespace: 'an imported file',
};

/** "a model", "a schedule", … for messages. */
export function describeKind(kind: SymbolKind): string {
  return articles[kind];
}

export function declKindToSymbolKind(kind: A.DeclKind): SymbolKind {
  switch (kind) {
    case 'Data':
      return 'data';
    case 'Block':
      return 'block';
    case 'Model':
      return 'model';
    case 'Schedule':
      return 'schedule';
    case 'Distill':
      return 'distill';
    case 'Experiment':
      return 'experiment';
  }
}
