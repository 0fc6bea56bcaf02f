// Expressions the IR keeps as source text: the condition of a `clean` step's
// `filter(…)` and the value table of `map({ … })`. The text is parsed with
// Kiln's own parser (so it reads exactly as in the spec) and evaluated by a
// small interpreter over the AST that knows literals, field names,
// arithmetic, comparisons, `&&` `||` `!`, and a few pure functions. Nothing
// is ever handed to `eval`: an expression can only read the row's fields.

import { SourceFile } from '../../analysis/source.js';
import { parseSource } from '../../syntax/parse.js';
import type * as A from '../../syntax/ast.js';
import type { Value } from '../../data/row.js';
import { DataError } from '../../data/errors.js';
import { RunError } from '../errors.js';

/** What an expression computes: a scalar, or null for a missing value. */
export type Scalar = string | number | boolean | null;

export type Fields = Readonly<Record<string, Value>>;

const functions: Record<string, { arity: number; apply: (args: Scalar[]) => Scalar }> = {
  len: { arity: 1, apply: ([s]) => (typeof s === 'string' ? codePoints(s) : fail(`len() takes text, found ${describe(s)}`)) },
  lower: { arity: 1, apply: ([s]) => text(s, 'lower').toLowerCase() },
  upper: { arity: 1, apply: ([s]) => text(s, 'upper').toUpperCase() },
  contains: { arity: 2, apply: ([s, t]) => text(s, 'contains').includes(text(t, 'contains')) },
  starts_with: { arity: 2, apply: ([s, t]) => text(s, 'starts_with').startsWith(text(t, 'starts_with')) },
  ends_with: { arity: 2, apply: ([s, t]) => text(s, 'ends_with').endsWith(text(t, 'ends_with')) },
  is_null: { arity: 1, apply: ([x]) => x === null },
  abs: { arity: 1, apply: ([x]) => Math.abs(number(x, 'abs')) },
};

class EvalError extends Error {}

/** Characters as a reader counts them (code points), without building an array of them. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function fail(message: string): never {
  throw new EvalError(message);
}

function describe(v: Scalar): string {
  return v === null ? 'a missing value' : typeof v === 'string' ? `the text ${JSON.stringify(v.length > 30 ? `${v.slice(0, 27)}…` : v)}` : `${typeof v === 'number' ? 'the number' : 'the bool'} ${v}`;
}

function text(v: Scalar, fn: string): string {
  return typeof v === 'string' ? v : fail(`${fn}() takes text, found ${describe(v)}`);
}

function number(v: Scalar, what: string): number {
  return typeof v === 'number' ? v : fail(`\`${what}\` needs numbers, found ${describe(v)}`);
}

function bool(v: Scalar, what: string): boolean {
  return typeof v === 'boolean' ? v : fail(`\`${what}\` needs true or false, found ${describe(v)}`);
}

/** Parses `text` as one expression, by placing it where the spec had it: the argument of a cleaning step. */
export function parseExpression(source: string): { ok: true; expr: A.Expr } | { ok: false; error: string } {
  const file = new SourceFile('<expression>', `data _ {\n  clean {\n    filter(${source})\n  }\n}\n`);
  const parsed = parseSource(file);
  if (parsed.diagnostics.length > 0) return { ok: false, error: parsed.diagnostics[0].message };
  const decl = parsed.ast.decls;
  const clean = decl.length === 1 && decl[0].kind === 'Data' ? decl[0].items : [];
  const section = clean.length === 1 && clean[0].kind === 'Clean' ? clean[0] : undefined;
  const call = section?.exprs.length === 1 ? section.exprs[0] : undefined;
  if (!call || call.kind !== 'Call' || call.args.length !== 1 || call.args[0].name) return { ok: false, error: 'expected one expression' };
  return { ok: true, expr: call.args[0].value };
}

/** Names the expression reads, with the first span of each, for checking them against the fields. */
function checkNames(e: A.Expr, known: ReadonlySet<string> | undefined): void {
  const go = (x: A.Expr): void => {
    switch (x.kind) {
      case 'NameRef':
        if (known && !known.has(x.name) && x.name !== 'null') throw new RunError(`\`${x.name}\` is not a field (the fields are ${[...known].join(', ')})`);
        return;
      case 'Number':
        if (x.unit) throw new RunError(`a duration (${x.raw}${x.unitText ? ` ${x.unitText}` : ''}) is not a value here`);
        return;
      case 'String':
      case 'Bool':
        return;
      case 'Paren':
        return go(x.expr);
      case 'Unary':
        return go(x.operand);
      case 'Binary':
        go(x.left);
        return go(x.right);
      case 'Call': {
        const name = x.callee.kind === 'NameRef' ? x.callee.name : undefined;
        const f = name ? functions[name] : undefined;
        if (!f) throw new RunError(`\`${name ?? 'this'}\` is not a function an expression can call (they are ${Object.keys(functions).join(', ')})`);
        if (x.args.length !== f.arity || x.args.some((a) => a.name)) throw new RunError(`${name}() takes ${f.arity} argument${f.arity === 1 ? '' : 's'}`);
        x.args.forEach((a) => go(a.value));
        return;
      }
      default:
        throw new RunError(`${x.kind === 'Map' ? 'a map' : x.kind === 'List' ? 'a list' : 'this'} is not allowed in an expression over a row`);
    }
  };
  go(e);
}

function evaluate(e: A.Expr, fields: Fields): Scalar {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'String':
      return e.value;
    case 'Bool':
      return e.value;
    case 'NameRef': {
      if (!(e.name in fields)) return e.name === 'null' ? null : fail(`the row has no field \`${e.name}\``);
      const v = fields[e.name];
      return v instanceof Float32Array ? fail(`\`${e.name}\` is an image, not a value`) : (v ?? null);
    }
    case 'Paren':
      return evaluate(e.expr, fields);
    case 'Unary': {
      const v = evaluate(e.operand, fields);
      return e.op === '-' ? -number(v, '-') : !bool(v, '!');
    }
    case 'Binary': {
      if (e.op === '&&') return bool(evaluate(e.left, fields), '&&') && bool(evaluate(e.right, fields), '&&');
      if (e.op === '||') return bool(evaluate(e.left, fields), '||') || bool(evaluate(e.right, fields), '||');
      const l = evaluate(e.left, fields);
      const r = evaluate(e.right, fields);
      switch (e.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '<':
        case '<=':
        case '>':
        case '>=': {
          const comparable = (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
          if (!comparable) fail(`\`${e.op}\` compares two numbers or two texts, found ${describe(l)} and ${describe(r)}`);
          const a = l as number | string;
          const b = r as number | string;
          return e.op === '<' ? a < b : e.op === '<=' ? a <= b : e.op === '>' ? a > b : a >= b;
        }
        case '+':
          if (typeof l === 'string' && typeof r === 'string') return l + r;
          return number(l, '+') + number(r, '+');
        case '-':
          return number(l, '-') - number(r, '-');
        case '*':
          return number(l, '*') * number(r, '*');
        case '/':
          return number(l, '/') / number(r, '/');
        case '%':
          return number(l, '%') % number(r, '%');
      }
      return fail(`unknown operator ${e.op as string}`);
    }
    case 'Call': {
      const f = functions[(e.callee as A.NameRef).name];
      return f.apply(e.args.map((a) => evaluate(a.value, fields)));
    }
    default:
      return fail('not an expression over a row');
  }
}

/**
 * Compiles a filter condition to a predicate over a row's fields. A condition
 * that does not parse, or names something that is not a field, is a RunError
 * now; one that meets a value it cannot handle (text where a number belongs)
 * is a DataError for that row.
 */
export function compileFilter(source: string, fieldNames?: Iterable<string>): (fields: Fields) => boolean {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new RunError(`filter(${source}): ${parsed.error}`);
  try {
    checkNames(parsed.expr, fieldNames ? new Set(fieldNames) : undefined);
  } catch (e) {
    if (e instanceof RunError) throw new RunError(`filter(${source}): ${e.message}`);
    throw e;
  }
  return (fields) => {
    try {
      const v = evaluate(parsed.expr, fields);
      if (typeof v !== 'boolean') fail(`the condition gives ${describe(v)}, not true or false`);
      return v;
    } catch (e) {
      if (e instanceof EvalError) throw new DataError('row', `filter(${source}): ${e.message}`);
      throw e;
    }
  };
}

/**
 * A value table from a map literal's text (`{ "ham": 0, "spam": 1 }`) or
 * from an IR object. Keys are matched against the value's text form; values
 * are numbers, texts or bools.
 */
export function valueTable(given: unknown): Map<string, Scalar> {
  let entries: [string, unknown][];
  if (typeof given === 'string') {
    const parsed = parseExpression(given);
    if (!parsed.ok || parsed.expr.kind !== 'Map') throw new RunError(`map(): expected a map literal such as { "ham": 0, "spam": 1 }, found ${given}`);
    entries = parsed.expr.entries.map((m) => {
      const v = m.value.kind === 'Unary' && m.value.op === '-' && m.value.operand.kind === 'Number' ? { kind: 'Number', value: -m.value.operand.value } : m.value;
      if (v.kind !== 'Number' && v.kind !== 'String' && v.kind !== 'Bool') throw new RunError(`map(): the value of "${m.key}" must be a number, text or bool`);
      return [m.key, (v as { value: Scalar }).value];
    });
  } else if (typeof given === 'object' && given !== null && !Array.isArray(given)) {
    entries = Object.entries(given);
  } else throw new RunError('map() needs a map of values, such as { "ham": 0, "spam": 1 }');
  const table = new Map<string, Scalar>();
  for (const [k, v] of entries) {
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw new RunError(`map(): the value of "${k}" must be a number, text or bool`);
    table.set(k, v);
  }
  return table;
}
