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
  /** Memoised results, keyed by declaration node. */
  readonly results = new Map<object, unknown>();
  /**
   * What each memoised computation recorded, by file. A file's CheckInfo is
   * assembled from these, so that a later program reusing some results also
   * reuses exactly what they recorded, and nothing recorded by a computation
   * it redoes (a model in an edited file that instantiates an imported block
   * records the block's stage shapes in the block's file).
   */
  private readonly recorded = new Map<object, Map<string, CheckInfo>>();
  private readonly views = new Map<string, AssembledInfo>();
  /** The computations under way, innermost last: what `info` records under. */
  private readonly computing: object[] = [];
  private readonly inProgress = new Set<object>();
  /** Bumped whenever something may be recorded, so assembled views know to rebuild. */
  revision = 0;

  constructor(readonly program: Program) {}

  /**
   * Inside a memoised computation: where it records position info for `path`.
   * Outside: the file's assembled info (what `file.checked` holds).
   */
  info(path: string): CheckInfo {
    const key = this.computing[this.computing.length - 1];
    if (key === undefined) return this.view(path);
    let byFile = this.recorded.get(key);
    if (!byFile) this.recorded.set(key, (byFile = new Map()));
    let info = byFile.get(path);
    if (!info) {
      byFile.set(path, (info = emptyCheckInfo()));
      this.view(path).contributors.push(key);
    }
    this.revision++;
    return info;
  }

  private view(path: string): AssembledInfo {
    let view = this.views.get(path);
    if (!view) this.views.set(path, (view = new AssembledInfo(this, path)));
    return view;
  }

  /** What `key`'s computation recorded for `path`. */
  recordedBy(key: object, path: string): CheckInfo | undefined {
    return this.recorded.get(key)?.get(path);
  }

  /**
   * Carries over, from the state of an earlier program, the results of every
   * declaration in a file this program reused unchanged, with what computing
   * them recorded. A reused file's results depend only on the file and its
   * imports, all reused too; everything else is computed anew against this
   * program. Reused files get this program's assembled info.
   */
  inherit(previous: CheckState, reused: ReadonlySet<string>): void {
    for (const [key, value] of previous.results) {
      const file = spanOf(key)?.file;
      if (file === undefined || !reused.has(file)) continue;
      this.results.set(key, value);
      const byFile = previous.recorded.get(key);
      if (!byFile) continue;
      this.recorded.set(key, byFile);
      for (const path of byFile.keys()) this.view(path).contributors.push(key);
    }
    this.revision++;
    for (const file of reused) {
      const analysis = this.program.files.get(file);
      if (analysis) analysis.checked = this.view(file);
    }
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
    this.computing.push(key);
    try {
      const value = compute();
      this.results.set(key, value);
      return value;
    } finally {
      this.computing.pop();
      this.inProgress.delete(key);
    }
  }
}

function spanOf(key: object): Span | undefined {
  return (key as { span?: Span }).span;
}

/**
 * One file's CheckInfo as the union of what every computation recorded for
 * it, in an order that does not depend on which file was checked first: the
 * file's own declarations by position, then other files' by path and
 * position. Rebuilt on first read after anything new was recorded.
 */
class AssembledInfo implements CheckInfo {
  readonly contributors: object[] = [];
  private built = -1;
  private assembled: CheckInfo = emptyCheckInfo();

  constructor(
    private readonly state: CheckState,
    private readonly path: string,
  ) {}

  get stages(): CheckInfo['stages'] {
    return this.current().stages;
  }

  get calls(): CheckInfo['calls'] {
    return this.current().calls;
  }

  get models(): CheckInfo['models'] {
    return this.current().models;
  }

  private current(): CheckInfo {
    if (this.built === this.state.revision) return this.assembled;
    const own = (k: object) => (spanOf(k)?.file === this.path ? 0 : 1);
    const keys = [...this.contributors].sort((a, b) => {
      const sa = spanOf(a);
      const sb = spanOf(b);
      return own(a) - own(b) || (sa?.file ?? '').localeCompare(sb?.file ?? '') || (sa?.start ?? 0) - (sb?.start ?? 0);
    });
    const out = emptyCheckInfo();
    for (const key of keys) {
      const part = this.state.recordedBy(key, this.path);
      if (!part) continue;
      out.stages.push(...part.stages);
      out.calls.push(...part.calls);
      for (const [name, graph] of part.models) out.models.set(name, graph);
    }
    this.assembled = out;
    this.built = this.state.revision;
    return out;
  }
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
