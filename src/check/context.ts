// The checker's state for one Program: results memoised per declaration (a
// model is inferred once, however many experiments and files use it), the
// per-file position info for the language server, and the lookups every
// concept file shares (declarations by reference, spans of arguments).

import type { FileAnalysis, Program } from '../analysis/program.js';
import { diagnostic, type Diagnostic, type DiagnosticExtras, type DiagnosticArgs } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { KilnSymbol } from '../resolve/symbols.js';
import type * as A from '../syntax/ast.js';
import { emptyCheckInfo, type CheckInfo } from './info.js';

export class CheckState {
  private readonly infos = new Map<string, CheckInfo>();
  /** Memoised results, keyed by declaration node. */
  readonly results = new Map<object, unknown>();

  constructor(readonly program: Program) {}

  info(path: string): CheckInfo {
    let info = this.infos.get(path);
    if (!info) this.infos.set(path, (info = emptyCheckInfo()));
    return info;
  }

  file(path: string): FileAnalysis | undefined {
    return this.program.files.get(path);
  }

  /**
   * The result for `key`, computed once. A declaration that needs itself
   * while it is being computed (a block that uses a block that uses it) gets
   * `onCycle()`: the cycle itself is reported where it is instantiated.
   */
  memo<T>(key: object, compute: () => T, onCycle?: () => T): T {
    if (this.results.has(key)) return this.results.get(key) as T;
    if (this.inProgress.has(key)) {
      if (onCycle) return onCycle();
      throw new Error('internal: a declaration depends on itself while being checked');
    }
    this.inProgress.add(key);
    try {
      const value = compute();
      this.results.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private readonly inProgress = new Set<object>();
}

const states = new WeakMap<Program, CheckState>();

export function checkState(program: Program): CheckState {
  let s = states.get(program);
  if (!s) states.set(program, (s = new CheckState(program)));
  return s;
}

/** A declaration named by a reference expression (`mlp`, `lib.mlp`, the `digits` of `digits.test`). */
export function lookupSymbol(file: FileAnalysis, e: A.Expr | undefined): KilnSymbol | undefined {
  if (!e) return undefined;
  if (e.kind === 'NameRef') return file.scope.symbols.get(e.name);
  if (e.kind === 'Paren') return lookupSymbol(file, e.expr);
  if (e.kind === 'Member' && e.object.kind === 'NameRef') {
    const ns = file.scope.namespaces.get(e.object.name);
    if (ns) return ns.members.get(e.property.text);
  }
  return undefined;
}

export function lookupDecl<K extends A.NamedDecl['kind']>(file: FileAnalysis, e: A.Expr | undefined, kind: K): { decl: Extract<A.NamedDecl, { kind: K }>; symbol: KilnSymbol } | undefined {
  const sym = lookupSymbol(file, e);
  if (!sym || (sym.node as A.NamedDecl).kind !== kind) return undefined;
  return { decl: sym.node as Extract<A.NamedDecl, { kind: K }>, symbol: sym };
}

/**
 * Whether recovery may have dropped parts of the file: checks that a thing is
 * missing (no source, no epochs, no steps) are skipped then, since the thing
 * may be there in the text the parser could not read.
 */
export function hasSyntaxErrors(file: FileAnalysis): boolean {
  return file.parse.diagnostics.some((d) => d.severity === 'error');
}

const resolverSpans = new WeakMap<FileAnalysis, Set<number>>();

/** Whether name resolution already reported a problem starting at `span` (so the checker need not). */
export function resolverReported(file: FileAnalysis, span: Span): boolean {
  let starts = resolverSpans.get(file);
  if (!starts) resolverSpans.set(file, (starts = new Set(file.resolution.diagnostics.map((d) => d.span.start))));
  return starts.has(span.start);
}

/** Collects diagnostics for one declaration. */
export class Sink {
  readonly diagnostics: Diagnostic[] = [];

  report(code: string, span: Span, args: DiagnosticArgs = {}, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(diagnostic(code, span, args, extras));
  }

  push(d: Diagnostic): void {
    this.diagnostics.push(d);
  }
}

/** The span a bind or shape problem points at: the argument's name, its value, or the call. */
export function argumentSpan(args: readonly A.Argument[], index: number | undefined, on: 'name' | 'value' | 'call', call: Span): Span {
  const arg = index === undefined ? undefined : args[index];
  if (!arg) return call;
  if (on === 'name') return arg.name?.span ?? arg.span;
  if (on === 'value') return arg.value.span;
  return arg.span;
}

/** The callee's name as written, and its span. */
export function calleeOf(e: A.Expr): { name: string; span: Span; args: A.Argument[]; call?: A.CallExpr } | undefined {
  if (e.kind === 'NameRef') return { name: e.name, span: e.span, args: [] };
  if (e.kind === 'Call' && e.callee.kind === 'NameRef') return { name: e.callee.name, span: e.callee.span, args: e.args, call: e };
  return undefined;
}

/** "1 steps" reads badly; durations and counts in messages go through this. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
