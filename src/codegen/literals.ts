// Small printers shared by the TypeScript emitters: IR values as TypeScript
// literals, IR calls as they read in a spec (for comments), and names that
// are valid, readable and unique identifiers.

import type { IrCall, IrDuration, IrTensorType, IrValue } from '../ir/types.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words a generated name may not take: keywords, and the names the program itself declares. */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'tf', 'tfl', 'path', 'model', 'inputs', 'outputs',
]);

function isDuration(v: IrValue): v is IrDuration {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v['amount'] === 'number' && (v['unit'] === 'steps' || v['unit'] === 'epochs');
}

/** A number as a literal; JavaScript's shortest round-trip form. */
export function numberLiteral(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

export function stringLiteral(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** An object key, quoted only when it must be. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** An IR value (or any JSON value) as a TypeScript expression. */
export function tsLiteral(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${tsLiteral(v)}`).join(', ')} }`;
  }
  return 'undefined';
}

/** An IR argument as a spec writes it: `100 steps`, `relu`, `[3, 3]`. */
export function specValue(v: IrValue): string {
  if (isDuration(v)) return `${numberLiteral(v.amount)} ${v.unit}`;
  if (Array.isArray(v)) return `[${v.map(specValue).join(', ')}]`;
  if (typeof v === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number') return numberLiteral(v);
  if (v === null) return 'none';
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${specValue(x)}`).join(', ')}}`;
  return String(v);
}

/** An IR call as a spec writes it, every bound argument named: `adam(lr: 0.002, beta1: 0.9)`. */
export function specCall(call: { op: string; args: Record<string, IrValue> }): string {
  const args = Object.entries(call.args).filter(([, v]) => v !== null);
  return `${call.op}(${args.map(([k, v]) => `${k}: ${specValue(v)}`).join(', ')})`;
}

/** A tensor type as the spec writes it: `f32[28, 28, 1]`, `class[10]`. */
export function specType(t: IrTensorType): string {
  if (t.classes !== undefined) return `class[${t.classes}]`;
  return `${t.dtype}[${t.shape.join(', ')}]`;
}

/** The duration in steps, as an expression over `stepsPerEpoch` when it is counted in epochs. */
export function durationExpression(v: IrValue | undefined, fallback: string): string {
  if (v === undefined || !isDuration(v)) return fallback;
  return v.unit === 'steps' ? numberLiteral(v.amount) : `${numberLiteral(v.amount)} * stepsPerEpoch`;
}

export function isDurationValue(v: IrValue | undefined): v is IrDuration {
  return v !== undefined && isDuration(v);
}

/** `mlp_head_1/dense` → `mlpHead1Dense`; a leading digit or a reserved word gets a prefix. */
export function camelName(raw: string, prefix = 'v'): string {
  const words = raw.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  let name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (name === '') name = prefix;
  if (/^[0-9]/.test(name)) name = `${prefix}${name}`;
  return name;
}

export function pascalName(raw: string): string {
  const c = camelName(raw);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** Hands out identifiers unique within one scope, never a reserved word. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const t of taken) this.taken.add(t);
  }

  claim(raw: string): string {
    let base = camelName(raw);
    if (RESERVED.has(base)) base = `${base}Value`;
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

/** A property access on `object` for any key: `batch.features.image` or `batch.features['my-image']`. */
export function member(object: string, key: string): string {
  return IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${stringLiteral(key)}]`;
}
