// Name resolution for one file: builds the scopes (the file's declarations and
// what it imports; each model's and block's parameters and `let` bindings),
// resolves every name in a reference position, and reports unresolved names
// (with did-you-mean), duplicates, names of the wrong kind, use before binding
// and unused bindings.
//
// Which names a catalog call accepts as values (`activation: relu`,
// `monitor: val_loss`) is the checker's business: an argument that is a bare
// name is resolved here only when it names something in scope.
//
// Input: a file's AST, its file scope, the catalog's names. Output: references + diagnostics.

import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { suggest } from '../util/suggest.js';
import { declKindToSymbolKind, describeKind, type KilnSymbol, type Reference, type SymbolKind } from './symbols.js';

/** What the catalog contributes to name resolution. */
export interface Builtins {
  /** Whether `name` is a catalog entry usable as a pipeline stage (layer, activation, merge, `pretrained`). */
  isStage(name: string): boolean;
  stageNames(): Iterable<string>;
}

/** The names visible at the top level of a file. */
export interface FileScope {
  /** Own and imported declarations, by name. */
  symbols: Map<string, KilnSymbol>;
  /** Aliased imports: `import "x.kiln" as lib` makes `lib.name` resolve into x.kiln's declarations. */
  namespaces: Map<string, { symbol: KilnSymbol; members: Map<string, KilnSymbol> }>;
}

export interface Resolution {
  references: Reference[];
  /** Locals of each model and block, for the checker: inputs and params by name. */
  diagnostics: Diagnostic[];
}

/** The symbols a file declares at top level (what other files import). */
export function declaredSymbols(ast: A.KilnFile): { symbols: KilnSymbol[] } {
  const symbols: KilnSymbol[] = [];
  for (const d of ast.decls) {
    if (d.kind === 'Import' || !d.name) continue;
    symbols.push({ name: d.name.text, kind: declKindToSymbolKind(d.kind), file: ast.path, nameSpan: d.name.span, span: d.span, node: d });
  }
  return { symbols };
}

type Expected = { kinds: SymbolKind[]; what: string; allowStage?: boolean };

const MODEL: Expected = { kinds: ['model'], what: 'a model' };
const DATA: Expected = { kinds: ['data'], what: 'data' };
const SCHEDULE: Expected = { kinds: ['schedule'], what: 'a schedule' };
const DISTILL: Expected = { kinds: ['distill'], what: 'a distillation pair' };

class LocalScope {
  readonly symbols = new Map<string, KilnSymbol>();
  readonly used = new Set<KilnSymbol>();
  constructor(readonly parent?: LocalScope) {}

  lookup(name: string): KilnSymbol | undefined {
    return this.symbols.get(name) ?? this.parent?.lookup(name);
  }

  *names(): Iterable<string> {
    yield* this.symbols.keys();
    if (this.parent) yield* this.parent.names();
  }
}

export function resolveFile(ast: A.KilnFile, scope: FileScope, builtins: Builtins): Resolution {
  return new Resolver(ast, scope, builtins).run();
}

class Resolver {
  private readonly references: Reference[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Bindings declared later in the current body, to tell "used before bound" from "unknown". */
  private pendingLets = new Map<string, A.LetStatement>();
  /** Bindings used before they were bound: already reported, so not "unused" as well. */
  private readonly usedEarly = new Set<A.LetStatement>();

  constructor(
    private readonly ast: A.KilnFile,
    private readonly scope: FileScope,
    private readonly builtins: Builtins,
  ) {}

  run(): Resolution {
    for (const d of this.ast.decls) this.decl(d);
    return { references: this.references, diagnostics: this.diagnostics };
  }

  private record(name: string, span: Span, symbol: KilnSymbol): void {
    this.references.push({ name, span, symbol });
  }

  private decl(d: A.Decl): void {
    switch (d.kind) {
      case 'Import':
        return;
      case 'Model':
      case 'Block':
        return this.body(d);
      case 'Data':
        return this.dataDecl(d);
      case 'Schedule':
        for (const s of d.settings) this.settingValues(s, undefined);
        return;
      case 'Distill':
        for (const item of d.items) {
          if (item.kind === 'Hint') {
            for (const e of [item.student, item.teacher]) if (e) this.qualifiedModelRef(e);
            if (item.projection) this.stage(item.projection, undefined);
          } else if (item.name.text === 'teacher' || item.name.text === 'student') {
            if (item.value) this.modelOrList(item.value);
          } else this.settingValues(item, undefined);
        }
        return;
      case 'Experiment':
        for (const item of d.items) this.experimentItem(item);
        return;
    }
  }

  // ---- models and blocks ------------------------------------------------------

  private body(d: A.ModelDecl | A.BlockDecl): void {
    const locals = new LocalScope();
    for (const p of d.params) {
      const kind: SymbolKind = d.kind === 'Model' ? 'input' : 'param';
      const existing = locals.symbols.get(p.name.text);
      if (existing) this.duplicate(p.name, existing);
      else locals.symbols.set(p.name.text, { name: p.name.text, kind, file: this.ast.path, nameSpan: p.name.span, span: p.span, node: p });
      if (p.default) this.value(p.default, undefined);
    }
    this.statements(d.body, locals);
    this.reportUnused(locals);
  }

  private statements(stmts: A.Statement[], locals: LocalScope): void {
    const saved = this.pendingLets;
    this.pendingLets = new Map(saved);
    for (const s of stmts) if (s.kind === 'Let' && s.name) this.pendingLets.set(s.name.text, s);
    for (const s of stmts) {
      if (s.kind === 'Let') {
        if (s.value) this.value(s.value, locals);
        if (s.name) {
          this.pendingLets.delete(s.name.text);
          const existing = locals.symbols.get(s.name.text);
          if (existing) this.duplicate(s.name, existing);
          else locals.symbols.set(s.name.text, { name: s.name.text, kind: 'let', file: this.ast.path, nameSpan: s.name.span, span: s.span, node: s });
        }
      } else this.value(s.expr, locals);
    }
    this.pendingLets = saved;
  }

  private reportUnused(locals: LocalScope): void {
    for (const sym of locals.symbols.values()) {
      if (sym.kind === 'let' && !locals.used.has(sym) && !this.usedEarly.has(sym.node as A.LetStatement)) {
        this.diagnostics.push(
          diagnostic('K1004', sym.nameSpan, { name: sym.name }, { label: 'never used', help: `use \`${sym.name}\` in the body, or remove the binding` }),
        );
      }
    }
  }

  /** An expression in value position of a model body: heads of pipelines, merge inputs, arguments. */
  private value(e: A.Expr, locals: LocalScope | undefined): void {
    switch (e.kind) {
      case 'NameRef':
        this.valueName(e, locals);
        return;
      case 'Pipeline': {
        const [head, ...stages] = e.stages;
        // The head of a pipeline is a value (`image |> …`) or, in a block, a stage (`dense(8) |> …`).
        if (head) this.headOrStage(head, locals);
        for (const s of stages) this.stage(s, locals);
        return;
      }
      case 'Call':
        this.stage(e, locals);
        return;
      case 'Member':
        this.value(e.object, locals);
        return;
      case 'Paren':
        this.value(e.expr, locals);
        return;
      case 'Unary':
        this.value(e.operand, locals);
        return;
      case 'Binary':
        this.value(e.left, locals);
        this.value(e.right, locals);
        return;
      case 'Range':
        this.value(e.from, locals);
        this.value(e.to, locals);
        return;
      case 'Then':
        for (const p of e.parts) this.value(p, locals);
        return;
      case 'List':
        for (const i of e.items) this.value(i, locals);
        return;
      case 'Map':
        for (const m of e.entries) this.value(m.value, locals);
        return;
      case 'Repeat':
      case 'Residual':
        this.stage(e, locals);
        return;
      default:
        return;
    }
  }

  private headOrStage(e: A.Expr, locals: LocalScope | undefined): void {
    if (e.kind === 'NameRef' && !locals?.lookup(e.name) && !this.scope.symbols.has(e.name) && this.builtins.isStage(e.name)) return;
    this.value(e, locals);
  }

  /** A name in value position: a local, a declaration, or (leniently) a catalog name. */
  private valueName(e: A.NameRef, locals: LocalScope | undefined): void {
    const local = locals?.lookup(e.name);
    if (local) {
      this.useLocal(local, locals!);
      this.record(e.name, e.span, local);
      return;
    }
    const pending = this.pendingLets.get(e.name);
    if (locals && pending?.name) {
      this.usedEarly.add(pending);
      this.diagnostics.push(
        diagnostic(
          'K1005',
          e.span,
          { name: e.name },
          { label: 'used here', related: [{ span: pending.name.span, message: 'bound here, later' }], help: `move \`let ${e.name}\` above this line` },
        ),
      );
      return;
    }
    const global = this.scope.symbols.get(e.name);
    if (global) this.record(e.name, e.span, global);
    // Anything else may be a catalog value (`relu`, `same`, `val_loss`): the checker decides.
  }

  private useLocal(sym: KilnSymbol, locals: LocalScope): void {
    for (let s: LocalScope | undefined = locals; s; s = s.parent) {
      if (s.symbols.get(sym.name) === sym) {
        s.used.add(sym);
        return;
      }
    }
  }

  /** A pipeline stage: a catalog layer call, a block or model, a let-bound stage, `repeat`, `residual`. */
  private stage(e: A.Expr, locals: LocalScope | undefined): void {
    switch (e.kind) {
      case 'Call': {
        if (e.callee.kind === 'NameRef') this.stageName(e.callee, locals);
        else if (e.callee.kind === 'Member') this.memberRef(e.callee, { kinds: ['block', 'model'], what: 'a block or a model' });
        else this.value(e.callee, locals);
        for (const a of e.args) this.value(a.value, locals);
        return;
      }
      case 'NameRef':
        this.stageName(e, locals);
        return;
      case 'Member':
        this.memberRef(e, { kinds: ['block', 'model'], what: 'a block or a model' });
        return;
      case 'Repeat': {
        this.value(e.count, locals);
        const inner = new LocalScope(locals);
        this.statements(e.body, inner);
        this.reportUnused(inner);
        return;
      }
      case 'Residual':
        this.value(e.body, locals);
        return;
      case 'Pipeline':
        for (const s of e.stages) this.stage(s, locals);
        return;
      case 'Paren':
        this.stage(e.expr, locals);
        return;
      default:
        this.value(e, locals);
    }
  }

  private stageName(e: A.NameRef, locals: LocalScope | undefined): void {
    const local = locals?.lookup(e.name);
    if (local) {
      this.useLocal(local, locals!);
      this.record(e.name, e.span, local);
      return;
    }
    const global = this.scope.symbols.get(e.name);
    if (global) {
      if (global.kind === 'block' || global.kind === 'model') this.record(e.name, e.span, global);
      else this.wrongKind(e.name, e.span, global, { kinds: ['block', 'model'], what: 'a layer, a block or a model' });
      return;
    }
    if (this.builtins.isStage(e.name)) return;
    if (locals && this.pendingLets.has(e.name)) return this.valueName(e, locals);
    const candidates = [...(locals?.names() ?? []), ...this.globalsOfKind(['block', 'model']), ...this.builtins.stageNames()];
    this.unresolved(e.name, e.span, 'a layer, block or model named', candidates);
  }

  // ---- data, settings, experiments ----------------------------------------------

  private dataDecl(d: A.DataDecl): void {
    // Feature pipelines name raw fields and catalog transforms; both are the
    // checker's (it knows the source's fields). Only references to other
    // declarations resolve here.
    for (const item of d.items) {
      if (item.kind === 'Setting') this.settingValues(item, undefined);
    }
  }

  /**
   * Setting values are catalog calls (`adam(lr: 1e-3)`, `mnist()`) the checker
   * knows how to read; here only names of declarations in scope are recorded.
   */
  private settingValues(s: A.Setting, _locals: LocalScope | undefined): void {
    for (const a of s.args ?? []) this.lenient(a.value);
    if (s.value) this.lenient(s.value);
  }

  private lenient(e: A.Expr): void {
    switch (e.kind) {
      case 'NameRef': {
        const global = this.scope.symbols.get(e.name);
        if (global) this.record(e.name, e.span, global);
        return;
      }
      case 'Call':
        this.lenient(e.callee);
        for (const a of e.args) this.lenient(a.value);
        return;
      case 'Member':
        return this.lenient(e.object);
      case 'Paren':
        return this.lenient(e.expr);
      case 'Unary':
        return this.lenient(e.operand);
      case 'Binary':
        this.lenient(e.left);
        return this.lenient(e.right);
      case 'Range':
        this.lenient(e.from);
        return this.lenient(e.to);
      case 'Then':
        return e.parts.forEach((p) => this.lenient(p));
      case 'Pipeline':
        return e.stages.forEach((p) => this.lenient(p));
      case 'List':
        return e.items.forEach((p) => this.lenient(p));
      case 'Map':
        return e.entries.forEach((m) => this.lenient(m.value));
      default:
        return;
    }
  }

  private experimentItem(item: A.ExperimentItem): void {
    switch (item.kind) {
      case 'TrainStep':
      case 'EvaluateStep':
        if (item.target) this.ref(item.target, MODEL);
        if (item.data) this.ref(item.data, DATA);
        if (item.schedule) this.ref(item.schedule, SCHEDULE);
        return;
      case 'DistillStep':
        if (item.target) this.ref(item.target, DISTILL);
        if (item.data) this.ref(item.data, DATA);
        if (item.schedule) this.ref(item.schedule, SCHEDULE);
        return;
      case 'Sweep':
        for (const axis of item.axes) {
          if (axis.parameter) this.ref(axis.parameter, { kinds: ['schedule', 'distill', 'data', 'model'], what: 'a schedule, distillation pair, data or model' });
        }
        return;
      case 'Setting':
        this.settingValues(item, undefined);
        return;
    }
  }

  private modelOrList(e: A.Expr): void {
    if (e.kind === 'List') for (const i of e.items) this.modelOrList(i);
    else if (e.kind === 'Call') this.value(e, undefined);
    else this.ref(e, MODEL);
  }

  /** `student.stage_3` in a hint: the model part resolves; the layer part is the checker's. */
  private qualifiedModelRef(e: A.Expr): void {
    if (e.kind === 'Member') this.qualifiedModelRef(e.object);
    else this.ref(e, { kinds: ['model'], what: 'a model' });
  }

  /**
   * A reference to a top-level declaration of the expected kind. `digits.test`
   * and `fast.lr` resolve their first name; the member is the checker's.
   */
  private ref(e: A.Expr, expected: Expected): void {
    if (e.kind === 'NameRef') {
      const sym = this.scope.symbols.get(e.name);
      if (!sym) {
        this.unresolved(e.name, e.span, `${expected.what} named`, this.globalsOfKind(expected.kinds));
        return;
      }
      this.record(e.name, e.span, sym);
      if (!expected.kinds.includes(sym.kind)) this.wrongKind(e.name, e.span, sym, expected);
      return;
    }
    if (e.kind === 'Member') {
      const ns = e.object.kind === 'NameRef' ? this.scope.namespaces.get(e.object.name) : undefined;
      if (ns) return this.memberRef(e, expected);
      this.ref(e.object, expected);
      return;
    }
    if (e.kind === 'Paren') return this.ref(e.expr, expected);
    this.value(e, undefined);
  }

  /** `lib.mlp` where `lib` is an aliased import. */
  private memberRef(e: A.MemberExpr, expected: Expected): void {
    if (e.object.kind !== 'NameRef') return this.value(e.object, undefined);
    const ns = this.scope.namespaces.get(e.object.name);
    if (!ns) {
      const sym = this.scope.symbols.get(e.object.name);
      if (sym) this.record(e.object.name, e.object.span, sym);
      else this.unresolved(e.object.name, e.object.span, 'an imported file or declaration named', [...this.scope.namespaces.keys(), ...this.scope.symbols.keys()]);
      return;
    }
    this.record(e.object.name, e.object.span, ns.symbol);
    const member = ns.members.get(e.property.text);
    if (!member) {
      this.unresolved(e.property.text, e.property.span, `${expected.what} named`, ns.members.keys(), ` in \`${e.object.name}\``);
      return;
    }
    this.record(e.property.text, e.property.span, member);
    if (!expected.kinds.includes(member.kind)) this.wrongKind(e.property.text, e.property.span, member, expected);
  }

  // ---- diagnostics ------------------------------------------------------------

  private *globalsOfKind(kinds: SymbolKind[]): Iterable<string> {
    for (const [name, sym] of this.scope.symbols) if (kinds.includes(sym.kind)) yield name;
  }

  private unresolved(name: string, span: Span, what: string, candidates: Iterable<string>, where = ''): void {
    const best = suggest(name, candidates);
    this.diagnostics.push(
      diagnostic(
        'K1001',
        span,
        { what, name, where },
        {
          label: 'not found',
          help: best ? `did you mean \`${best}\`?` : undefined,
          fix: best ? { title: `change to \`${best}\``, edits: [{ span, newText: best }] } : undefined,
        },
      ),
    );
  }

  private wrongKind(name: string, span: Span, sym: KilnSymbol, expected: Expected): void {
    this.diagnostics.push(
      diagnostic(
        'K1003',
        span,
        { name, found: describeKind(sym.kind), expected: expected.what },
        { label: `needs ${expected.what}`, related: [{ span: sym.nameSpan, message: `\`${name}\` is declared here as ${describeKind(sym.kind)}` }] },
      ),
    );
  }

  private duplicate(name: A.Name, first: KilnSymbol): void {
    this.diagnostics.push(
      diagnostic(
        'K1002',
        name.span,
        { name: name.text },
        { label: 'declared again here', related: [{ span: first.nameSpan, message: 'first declared here' }], help: 'rename one of them' },
      ),
    );
  }
}
