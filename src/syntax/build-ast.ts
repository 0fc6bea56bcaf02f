// CST → AST. Reads Chevrotain's concrete syntax tree and builds the typed AST
// with spans. Recovery may leave any child missing; every access here is
// defensive and a missing expression becomes a `Missing` node at the place
// where it was expected.
//
// Input: the CST of one file. Output: a KilnFile.

import type { CstElement, CstNode, IToken } from 'chevrotain';
import { joinSpans, type LineMap, type Position, type Span } from '../diagnostics/span.js';
import { durationUnits } from '../../grammar/tokens.js';
import type * as A from './ast.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && (e as IToken).image !== undefined;
}

function isNode(e: CstElement | undefined): e is CstNode {
  return e !== undefined && (e as CstNode).children !== undefined;
}

/** A token that recovery inserted has no text in the source: it must not be read as written. */
function realToken(e: CstElement | undefined): IToken | undefined {
  return isToken(e) && !e.isInsertedInRecovery && Number.isFinite(e.startOffset) ? e : undefined;
}

export class AstBuilder {
  /**
   * Positions by offset, computed once each: nested nodes share their first
   * and last offsets, so spans share these (read-only) objects instead of
   * allocating and searching for two new ones per node.
   */
  private readonly positions: (Position | undefined)[];

  constructor(
    private readonly file: string,
    private readonly lines: LineMap,
  ) {
    this.positions = new Array<Position | undefined>(lines.text.length + 1);
  }

  // ---- spans ---------------------------------------------------------------

  private position(offset: number): Position {
    return (this.positions[offset] ??= this.lines.position(offset));
  }

  /** What `LineMap.span` returns (offsets clamped to the text), with shared positions. */
  private spanOf(start: number, end: number): Span {
    const length = this.lines.text.length;
    const s = Math.max(0, Math.min(start, length));
    const e = Math.max(s, Math.min(end, length));
    return { file: this.file, start: s, end: e, startPos: this.position(s), endPos: this.position(e) };
  }

  tokenSpan(t: IToken): Span {
    return this.spanOf(t.startOffset, (t.endOffset ?? t.startOffset) + 1);
  }

  /** The span of a node from the first to the last real token in it. */
  nodeSpan(node: CstNode, fallback?: Span): Span {
    // Chevrotain tracks node offsets; only nodes that recovery touched lack them.
    const loc = node.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return this.spanOf(loc.startOffset, loc.endOffset! + 1);
    const first = firstToken(node);
    const last = lastToken(node);
    if (first && last) return this.spanOf(first.startOffset, (last.endOffset ?? last.startOffset) + 1);
    return fallback ?? this.spanOf(0, 0);
  }

  private emptySpanAfter(node: CstNode): Span {
    const last = lastToken(node);
    const at = last ? (last.endOffset ?? last.startOffset) + 1 : 0;
    return this.spanOf(at, at);
  }

  private name(t: IToken | undefined): A.Name | undefined {
    const tok = realToken(t);
    return tok ? { kind: 'Name', text: tok.image, span: this.tokenSpan(tok) } : undefined;
  }

  // ---- file and declarations -------------------------------------------------

  buildFile(root: CstNode | undefined, comments: IToken[]): A.KilnFile {
    const decls: A.Decl[] = [];
    for (const top of nodes(root?.children, 'topLevel')) {
      const inner = firstNode(top);
      const decl = inner && this.decl(inner);
      if (decl) decls.push(decl);
    }
    return {
      kind: 'File',
      path: this.file,
      decls,
      comments: comments.map((c) => ({
        kind: 'Comment',
        text: c.image,
        block: c.image.startsWith('/*'),
        span: this.tokenSpan(c),
      })),
      span: this.spanOf(0, this.lines.text.length),
    };
  }

  private decl(n: CstNode): A.Decl | undefined {
    const c = n.children;
    const span = this.nodeSpan(n);
    const name = this.name(tok(c, 'Identifier'));
    switch (n.name) {
      case 'importDecl': {
        const path = realToken(tok(c, 'StringLiteral'));
        return { kind: 'Import', path: path && this.stringLit(path), alias: name, span };
      }
      case 'dataDecl':
        return { kind: 'Data', name, items: nodes(c, 'dataItem').flatMap((i) => this.dataItem(i)), span };
      case 'blockDecl':
        return { kind: 'Block', name, params: this.params(node(c, 'paramList')), body: this.body(node(c, 'body')), span };
      case 'modelDecl': {
        const output = node(c, 'typeRef');
        return {
          kind: 'Model',
          name,
          params: this.params(node(c, 'paramList')),
          output: output && this.typeRef(output),
          body: this.body(node(c, 'body')),
          span,
        };
      }
      case 'scheduleDecl':
        return { kind: 'Schedule', name, settings: nodes(c, 'setting').flatMap((s) => this.setting(s) ?? []), span };
      case 'distillDecl': {
        const items: (A.Setting | A.Hint)[] = [];
        for (const child of childNodesInOrder(c, ['setting', 'hintStatement'])) {
          const item = child.name === 'setting' ? this.setting(child) : this.hint(child);
          if (item) items.push(item);
        }
        return { kind: 'Distill', name, items, span };
      }
      case 'experimentDecl':
        return { kind: 'Experiment', name, items: nodes(c, 'experimentItem').flatMap((i) => this.experimentItem(i) ?? []), span };
      default:
        return undefined;
    }
  }

  private dataItem(n: CstNode): A.DataItem[] {
    const inner = firstNode(n);
    if (!inner) return [];
    const span = this.nodeSpan(inner);
    const c = inner.children;
    switch (inner.name) {
      case 'featuresSection':
        return [{ kind: 'Features', bindings: nodes(c, 'typedBinding').flatMap((b) => this.typedBinding(b) ?? []), span }];
      case 'fieldsSection':
        return [{ kind: 'Fields', bindings: nodes(c, 'typedBinding').flatMap((b) => this.typedBinding(b) ?? []), span }];
      case 'augmentSection':
        return [{ kind: 'Augment', exprs: nodes(c, 'expression').map((e) => this.expr(e)), span }];
      case 'cleanSection':
        return [{ kind: 'Clean', exprs: nodes(c, 'expression').map((e) => this.expr(e)), span }];
      case 'setting': {
        const s = this.setting(inner);
        return s ? [s] : [];
      }
      default:
        return [];
    }
  }

  private typedBinding(n: CstNode): A.TypedBinding | undefined {
    const c = n.children;
    const name = this.name(tok(c, 'Identifier'));
    if (!name) return undefined;
    const type = node(c, 'typeRef');
    const value = node(c, 'expression');
    return { kind: 'TypedBinding', name, type: type && this.typeRef(type), value: value && this.expr(value), span: this.nodeSpan(n) };
  }

  private params(n: CstNode | undefined): A.Param[] {
    if (!n) return [];
    return nodes(n.children, 'param').flatMap((p) => {
      const c = p.children;
      const name = this.name(tok(c, 'Identifier'));
      if (!name) return [];
      const type = node(c, 'typeRef');
      const def = node(c, 'expression');
      return [{ kind: 'Param', name, type: type && this.typeRef(type), default: def && this.expr(def), span: this.nodeSpan(p) } as A.Param];
    });
  }

  private body(n: CstNode | undefined): A.Statement[] {
    if (!n) return [];
    return nodes(n.children, 'statement').flatMap((s) => this.statement(s) ?? []);
  }

  private statement(n: CstNode): A.Statement | undefined {
    const inner = firstNode(n);
    if (!inner) return undefined;
    if (inner.name === 'letStatement') {
      const c = inner.children;
      const value = node(c, 'expression');
      return { kind: 'Let', name: this.name(tok(c, 'Identifier')), value: value && this.expr(value), span: this.nodeSpan(inner) };
    }
    const expr = this.expr(inner);
    return { kind: 'ExprStatement', expr, span: expr.span };
  }

  private setting(n: CstNode): A.Setting | undefined {
    const c = n.children;
    const name = this.name(tok(c, 'Identifier'));
    if (!name) return undefined;
    const args = node(c, 'argumentList');
    const value = node(c, 'expression');
    return {
      kind: 'Setting',
      name,
      args: args ? this.args(args) : undefined,
      value: value ? this.expr(value) : undefined,
      equals: realToken(tok(c, 'Equals')) !== undefined,
      span: this.nodeSpan(n),
    };
  }

  private hint(n: CstNode): A.Hint {
    const c = n.children;
    const student = node(c, 'student');
    const teacher = node(c, 'teacher');
    const projection = node(c, 'projection');
    return {
      kind: 'Hint',
      student: student && this.expr(student),
      teacher: teacher && this.expr(teacher),
      projection: projection && this.expr(projection),
      span: this.nodeSpan(n),
    };
  }

  private experimentItem(n: CstNode): A.ExperimentItem | undefined {
    const inner = firstNode(n);
    if (!inner) return undefined;
    const c = inner.children;
    const opt = (label: string) => {
      const e = node(c, label);
      return e && this.expr(e);
    };
    const span = this.nodeSpan(inner);
    switch (inner.name) {
      case 'trainStep':
        return { kind: 'TrainStep', target: opt('target'), data: opt('data'), schedule: opt('schedule'), span };
      case 'distillStep':
        return { kind: 'DistillStep', target: opt('target'), data: opt('data'), schedule: opt('schedule'), span };
      case 'evaluateStep':
        return { kind: 'EvaluateStep', target: opt('target'), data: opt('data'), metrics: opt('metrics'), span };
      case 'sweepSection':
        return {
          kind: 'Sweep',
          axes: nodes(c, 'sweepAxis').map((a) => {
            const p = node(a.children, 'parameter');
            const v = node(a.children, 'values');
            return { kind: 'SweepAxis', parameter: p && this.expr(p), values: v && this.expr(v), span: this.nodeSpan(a) };
          }),
          span,
        };
      case 'setting':
        return this.setting(inner);
      default:
        return undefined;
    }
  }

  // ---- types -----------------------------------------------------------------

  private typeRef(n: CstNode): A.TypeRef {
    const c = n.children;
    const span = this.nodeSpan(n);
    const nameTok = realToken(tok(c, 'name'));
    const name: A.Name = nameTok ? { kind: 'Name', text: nameTok.image, span: this.tokenSpan(nameTok) } : { kind: 'Name', text: '', span };
    const hasDims = realToken(tok(c, 'LBracket')) !== undefined;
    const dims: A.Dim[] | undefined = hasDims
      ? nodes(c, 'dimension').flatMap((d): A.Dim[] => {
          const t = realToken(firstTokenChild(d));
          if (!t) return [];
          const s = this.tokenSpan(t);
          if (t.tokenType.name === 'NumberLiteral') return [{ kind: 'DimNumber', value: parseNumber(t.image), span: s }];
          if (t.tokenType.name === 'Question') return [{ kind: 'DimAny', span: s }];
          return [{ kind: 'DimName', name: t.image, span: s }];
        })
      : undefined;
    return { kind: 'TypeRef', optional: realToken(tok(c, 'modifier')) !== undefined, name, dims, span };
  }

  // ---- expressions -----------------------------------------------------------

  /** An expression rule: a flat list of operands and infix operators, or a prefix chain. */
  expr(n: CstNode | undefined): A.Expr {
    if (!n) return { kind: 'Missing', span: this.spanOf(0, 0) };
    switch (n.name) {
      case 'expression':
        return this.binaryChain(n);
      case 'unary':
        return this.unary(n);
      case 'postfix':
        return this.postfix(n);
      case 'primary':
        return this.primary(n);
      default:
        return this.missingAt(n);
    }
  }

  private missingAt(n: CstNode): A.MissingExpr {
    const first = firstToken(n);
    return { kind: 'Missing', span: first ? this.tokenSpan(first) : this.emptySpanAfter(n) };
  }

  private unary(n: CstNode): A.Expr {
    // `unary` holds its operand's primary and suffixes itself (see the parser).
    const c = n.children;
    if (c.operators === undefined) return this.postfix(n);
    const ops = c.operators.filter((t): t is IToken => realToken(t) !== undefined);
    let expr = this.postfix(n);
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i];
      expr = { kind: 'Unary', op: op.image as '-' | '!', operand: expr, span: joinSpans(this.tokenSpan(op), expr.span) };
    }
    return expr;
  }

  /**
   * Precedence climbing over `a op b op c …`. Chains of `then` and `|>`
   * become one n-ary node each; the rest are left-associative binary nodes.
   */
  private binaryChain(n: CstNode): A.Expr {
    const c = n.children;
    // Most expressions are a single operand: no chain to climb.
    if (c.operators === undefined && c.operands?.length === 1 && isNode(c.operands[0])) return this.expr(c.operands[0]);
    const operands = (c.operands ?? []).filter(isNode).map((o) => this.expr(o));
    const operators = (c.operators ?? []).filter(isToken);
    if (operands.length === 0) return this.missingAt(n);
    // Recovery can leave an operator without its right operand.
    while (operands.length <= operators.length) operands.push({ kind: 'Missing', span: this.emptySpanAfter(n) });
    // Invariant: operators[pos] follows operands[pos]. Recursion depth is
    // bounded by the number of precedence levels, not the chain's length.
    let pos = 0;
    const climb = (minPrec: number): A.Expr => {
      let left = operands[pos];
      let chainOf: string | undefined;
      while (pos < operators.length && (precedence[operators[pos].image] ?? 0) >= minPrec) {
        const op = operators[pos].image;
        pos++;
        const right = climb((precedence[op] ?? 0) + 1);
        const span = joinSpans(left.span, right.span);
        if (op === 'then' || op === '|>') {
          if (chainOf === op && (left.kind === 'Then' || left.kind === 'Pipeline')) {
            if (left.kind === 'Then') left.parts.push(right);
            else left.stages.push(right);
            left.span = span;
          } else left = op === 'then' ? { kind: 'Then', parts: [left, right], span } : { kind: 'Pipeline', stages: [left, right], span };
          chainOf = op;
        } else {
          left = op === '..' ? { kind: 'Range', from: left, to: right, span } : { kind: 'Binary', op: op as A.BinaryOp, left, right, span };
          chainOf = undefined;
        }
      }
      return left;
    };
    return climb(0);
  }

  /** A primary and its suffixes: the children of a `unary` or `postfix` node. */
  private postfix(n: CstNode): A.Expr {
    const c = n.children;
    let expr = this.expr(node(c, 'primary'));
    const suffixes = c.suffixes ?? [];
    for (let i = 0; i < suffixes.length; i++) {
      const s = suffixes[i];
      if (isToken(s) && s.tokenType.name === 'Dot') {
        const nameTok = realToken(suffixes[i + 1]);
        if (nameTok && nameTok.tokenType.name !== 'Dot') {
          i++;
          const property: A.Name = { kind: 'Name', text: nameTok.image, span: this.tokenSpan(nameTok) };
          expr = { kind: 'Member', object: expr, property, span: joinSpans(expr.span, property.span) };
        }
      } else if (isNode(s) && s.name === 'argumentList') {
        const argsSpan = this.nodeSpan(s, expr.span);
        expr = { kind: 'Call', callee: expr, args: this.args(s), argsSpan, span: joinSpans(expr.span, argsSpan) };
      }
    }
    return expr;
  }

  private args(n: CstNode): A.Argument[] {
    return nodes(n.children, 'argument').map((a) => {
      const c = a.children;
      const value = this.expr(node(c, 'expression'));
      const name = this.name(tok(c, 'name'));
      return { kind: 'Argument', name, value, span: this.nodeSpan(a, value.span) };
    });
  }

  private stringLit(t: IToken): A.StringLit {
    return { kind: 'String', value: unquote(t.image), raw: t.image, span: this.tokenSpan(t) };
  }

  private primary(n: CstNode): A.Expr {
    const c = n.children;
    const span = this.nodeSpan(n);
    const num = realToken(tok(c, 'NumberLiteral'));
    if (num) {
      const unitTok = realToken(tok(c, 'unit'));
      const lit: A.NumberLit = {
        kind: 'Number',
        value: parseNumber(num.image),
        raw: num.image,
        integer: !/[.eE]/.test(num.image),
        span,
      };
      if (unitTok) {
        lit.unit = durationUnits[unitTok.image];
        lit.unitText = unitTok.image;
      }
      return lit;
    }
    const str = realToken(tok(c, 'StringLiteral'));
    if (str) return this.stringLit(str);
    if (realToken(tok(c, 'True'))) return { kind: 'Bool', value: true, span };
    if (realToken(tok(c, 'False'))) return { kind: 'Bool', value: false, span };
    const id = realToken(tok(c, 'Identifier'));
    if (id) return { kind: 'NameRef', name: id.image, span };
    const list = node(c, 'listLiteral');
    if (list) return { kind: 'List', items: nodes(list.children, 'expression').map((e) => this.expr(e)), span };
    const map = node(c, 'mapLiteral');
    if (map) {
      const entries: A.MapEntry[] = [];
      for (const e of nodes(map.children, 'mapEntry')) {
        const key = realToken(tok(e.children, 'key'));
        if (!key) continue;
        const quoted = key.tokenType.name === 'StringLiteral';
        entries.push({
          kind: 'MapEntry',
          key: quoted ? unquote(key.image) : key.image,
          quoted,
          keySpan: this.tokenSpan(key),
          value: this.expr(node(e.children, 'expression')),
          span: this.nodeSpan(e),
        });
      }
      return { kind: 'Map', entries, span };
    }
    const paren = node(c, 'parenExpr');
    if (paren) return { kind: 'Paren', expr: this.expr(node(paren.children, 'expression')), span };
    const repeat = node(c, 'repeatExpr');
    if (repeat) {
      const rc = repeat.children;
      return {
        kind: 'Repeat',
        count: this.expr(node(rc, 'count')),
        body: nodes(rc, 'statement').flatMap((s) => this.statement(s) ?? []),
        span,
      };
    }
    const residual = node(c, 'residualExpr');
    if (residual) return { kind: 'Residual', body: this.expr(node(residual.children, 'expression')), span };
    return this.missingAt(n);
  }
}

// ---- CST helpers ---------------------------------------------------------------

// These run for nearly every CST node, so they loop rather than allocate.

const noChildren: readonly CstElement[] = [];

function nodes(c: Children | undefined, key: string): CstNode[] {
  return (c?.[key] ?? noChildren).filter(isNode);
}

function node(c: Children | undefined, key: string): CstNode | undefined {
  const list = c?.[key];
  if (list) for (const e of list) if (isNode(e)) return e;
  return undefined;
}

function tok(c: Children | undefined, key: string): IToken | undefined {
  const list = c?.[key];
  if (list) for (const e of list) if (isToken(e)) return e;
  return undefined;
}

function firstNode(n: CstNode): CstNode | undefined {
  const children = n.children as Children;
  for (const key in children) for (const e of children[key] ?? noChildren) if (isNode(e)) return e;
  return undefined;
}

function firstTokenChild(n: CstNode): IToken | undefined {
  const children = n.children as Children;
  for (const key in children) for (const e of children[key] ?? noChildren) if (isToken(e)) return e;
  return undefined;
}

/** Child nodes of the given rule names, in source order. */
function childNodesInOrder(c: Children, keys: string[]): CstNode[] {
  const all = keys.flatMap((k) => nodes(c, k));
  return all.sort((a, b) => (firstToken(a)?.startOffset ?? 0) - (firstToken(b)?.startOffset ?? 0));
}

function firstToken(n: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(n.children)) {
    for (const e of list ?? []) {
      const t = isToken(e) ? realToken(e) : isNode(e) ? firstToken(e) : undefined;
      if (t && (!best || t.startOffset < best.startOffset)) best = t;
    }
  }
  return best;
}

function lastToken(n: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(n.children)) {
    for (const e of list ?? []) {
      const t = isToken(e) ? realToken(e) : isNode(e) ? lastToken(e) : undefined;
      if (t && (!best || t.startOffset > best.startOffset)) best = t;
    }
  }
  return best;
}

/** Binding strength of each infix operator: higher binds tighter. */
const precedence: Record<string, number> = {
  then: 1,
  '|>': 2,
  '||': 3,
  '&&': 4,
  '==': 5,
  '!=': 5,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '..': 6,
  '+': 7,
  '-': 7,
  '*': 8,
  '/': 8,
  '%': 8,
};

export function parseNumber(raw: string): number {
  return Number(raw.replace(/_/g, ''));
}

export function unquote(raw: string): string {
  const body = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
  return body.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch);
}
