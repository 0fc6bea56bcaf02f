// Argument expressions → `Value`s for the catalog's `bindArguments`: literals,
// durations, constant arithmetic (`1 / 255`), lists, bare names (`relu`) and
// block parameters (known when a block is instantiated, typed-but-unknown
// when its body is checked on its own).

import type * as A from '../syntax/ast.js';
import type { Argument } from '../catalog/index.js';
import type { Value } from '../types/values.js';

/** Block parameters in scope, by name. */
export type ParamValues = ReadonlyMap<string, Value>;

export interface ValueProblem {
  span: A.Expr['span'];
  reason: string;
}

export interface Evaluated {
  value: Value;
  problem?: ValueProblem;
  /** Whether the value depends on a block parameter (so it is known only per instantiation). */
  fromParam: boolean;
}

const unknown: Value = { kind: 'unknown' };
/** Shared by every call without block parameters (most of them): only read. */
const noParams: ParamValues = new Map();

export function evaluate(e: A.Expr, params: ParamValues = noParams): Evaluated {
  // Literals, the usual argument, need no evaluation state at all.
  if (e.kind === 'Number' || e.kind === 'String' || e.kind === 'Bool') return { value: literal(e), problem: undefined, fromParam: false };
  const state: Evaluation = { params, fromParam: false, problem: undefined };
  const value = evaluateIn(state, e);
  return { value, problem: state.problem, fromParam: state.fromParam };
}

interface Evaluation {
  params: ParamValues;
  fromParam: boolean;
  problem: ValueProblem | undefined;
}

function literal(x: A.NumberLit | A.StringLit | A.BoolLit): Value {
  switch (x.kind) {
    case 'Number':
      if (x.unit) return { kind: 'duration', value: x.value, unit: x.unit };
      return x.integer ? { kind: 'int', value: x.value } : { kind: 'float', value: x.value };
    case 'String':
      return { kind: 'string', value: x.value };
    case 'Bool':
      return { kind: 'bool', value: x.value };
  }
}

function fail(state: Evaluation, span: A.Expr['span'], reason: string): Value {
  state.problem ??= { span, reason };
  return unknown;
}

function evaluateIn(state: Evaluation, x: A.Expr): Value {
  switch (x.kind) {
    case 'Number':
    case 'String':
    case 'Bool':
      return literal(x);
    case 'NameRef': {
      const p = state.params.get(x.name);
      if (p) {
        state.fromParam = true;
        return p;
      }
      return { kind: 'name', name: x.name };
    }
    case 'List':
      return { kind: 'list', items: x.items.map((item) => evaluateIn(state, item)) };
    case 'Paren':
      return evaluateIn(state, x.expr);
    case 'Unary': {
      const v = evaluateIn(state, x.operand);
      if (v.kind === 'unknown') return v;
      if (x.op === '-' && (v.kind === 'int' || v.kind === 'float')) return { kind: v.kind, value: -v.value };
      if (x.op === '-' && v.kind === 'duration') return fail(state, x.span, 'a duration cannot be negative');
      if (x.op === '!' && v.kind === 'bool') return { kind: 'bool', value: !v.value };
      return fail(state, x.span, `\`${x.op}\` does not apply to ${v.kind === 'name' ? `the name \`${v.name}\`` : `a ${v.kind}`}`);
    }
    case 'Binary': {
      const l = evaluateIn(state, x.left);
      const r = evaluateIn(state, x.right);
      if (l.kind === 'unknown' || r.kind === 'unknown') {
        const numeric = (v: Value) => v.kind === 'int' || v.kind === 'float' || (v.kind === 'unknown' && (v.type === 'int' || v.type === 'float'));
        return numeric(l) && numeric(r) ? { kind: 'unknown', type: x.op === '/' ? 'float' : 'float' } : unknown;
      }
      return arithmetic(x, l, r) ?? fail(state, x.span, `\`${x.op}\` needs two numbers here`);
    }
    case 'Missing':
      return unknown;
    default:
      return fail(state, x.span, 'not a constant value');
  }
}

function arithmetic(x: A.BinaryExpr, l: Value, r: Value): Value | undefined {
  if ((l.kind !== 'int' && l.kind !== 'float') || (r.kind !== 'int' && r.kind !== 'float')) {
    if (x.op === '==' || x.op === '!=') return { kind: 'bool', value: JSON.stringify(l) === JSON.stringify(r) === (x.op === '==') };
    if ((x.op === '&&' || x.op === '||') && l.kind === 'bool' && r.kind === 'bool') return { kind: 'bool', value: x.op === '&&' ? l.value && r.value : l.value || r.value };
    return undefined;
  }
  const bothInt = l.kind === 'int' && r.kind === 'int';
  const a = l.value;
  const b = r.value;
  const num = (v: number, int = bothInt): Value => (int && Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v });
  switch (x.op) {
    case '+':
      return num(a + b);
    case '-':
      return num(a - b);
    case '*':
      return num(a * b);
    case '/':
      return b === 0 ? undefined : num(a / b, false);
    case '%':
      return b === 0 ? undefined : num(a % b);
    case '<':
      return { kind: 'bool', value: a < b };
    case '<=':
      return { kind: 'bool', value: a <= b };
    case '>':
      return { kind: 'bool', value: a > b };
    case '>=':
      return { kind: 'bool', value: a >= b };
    case '==':
      return { kind: 'bool', value: a === b };
    case '!=':
      return { kind: 'bool', value: a !== b };
    default:
      return undefined;
  }
}

/** A call's arguments as `bindArguments` reads them, in source order. */
export function callArguments(args: readonly A.Argument[], params?: ParamValues): { args: Argument[]; evaluated: Evaluated[] } {
  const evaluated = args.map((a) => evaluate(a.value, params));
  return { args: args.map((a, i) => ({ name: a.name?.text, value: evaluated[i].value })), evaluated };
}

/** A number written directly (`epochs 8`, `batch 128`), or undefined. */
export function constNumber(e: A.Expr | undefined): number | undefined {
  if (!e) return undefined;
  const v = evaluate(e).value;
  return v.kind === 'int' || v.kind === 'float' ? v.value : undefined;
}
