// How entries and parameters are written for people: signatures for hover
// and signature help, parameter types and ranges for messages and the
// reference page.

import { formatArgValue } from '../types/values.js';
import type { CatalogEntry, ParamSpec, ParamType, Range } from './entry.js';

/** `int`, `float`, `duration`, `valid | same`, ... as in a signature. */
export function formatParamType(t: ParamType): string {
  if (typeof t === 'object') return t.oneOf.join(' | ');
  switch (t) {
    case 'dims':
      return 'int | [int]';
    case 'floats':
      return 'float | [float]';
    default:
      return t;
  }
}

/** The expected kind in words, for "expects …" messages. */
export function describeParamType(t: ParamType): string {
  if (typeof t === 'object') return `one of ${t.oneOf.map((c) => `\`${c}\``).join(', ')}`;
  switch (t) {
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'bool':
      return 'bool (`true` or `false`)';
    case 'string':
      return 'string';
    case 'activation':
      return 'an activation name (e.g. `relu`)';
    case 'duration':
      return 'a duration (e.g. `200 steps` or `3 epochs`)';
    case 'dims':
      return 'an int or a list of ints';
    case 'floats':
      return 'a float or a list of floats';
    case 'name':
      return 'a name';
    case 'function':
      return 'a function';
  }
}

/** `in [0, 1)`, `at least 1`, `greater than 0`, `at most 10`. */
export function formatRange(r: Range): string {
  const minInc = r.minInclusive ?? true;
  const maxInc = r.maxInclusive ?? true;
  if (r.min !== undefined && r.max !== undefined) return `in ${minInc ? '[' : '('}${r.min}, ${r.max}${maxInc ? ']' : ')'}`;
  if (r.min !== undefined) return minInc ? `at least ${r.min}` : `greater than ${r.min}`;
  if (r.max !== undefined) return maxInc ? `at most ${r.max}` : `less than ${r.max}`;
  return 'any value';
}

export function inRange(n: number, r: Range): boolean {
  if (r.min !== undefined && ((r.minInclusive ?? true) ? n < r.min : n <= r.min)) return false;
  if (r.max !== undefined && ((r.maxInclusive ?? true) ? n > r.max : n >= r.max)) return false;
  return true;
}

/** `units: int`, `rate: float = 0.5`. */
export function formatParam(p: ParamSpec): string {
  const base = `${p.name}: ${formatParamType(p.type)}`;
  return p.default === undefined ? base : `${base} = ${formatArgValue(p.default)}`;
}

/** `dense(units: int, activation: activation = linear, use_bias: bool = true)`. */
export function formatSignature(e: Pick<CatalogEntry, 'name' | 'params'>): string {
  return `${e.name}(${e.params.map(formatParam).join(', ')})`;
}

/** Markdown for a hover: the signature, the doc paragraph, then one line per parameter. */
export function hoverMarkdown(e: Pick<CatalogEntry, 'name' | 'params' | 'doc' | 'example'>): string {
  const lines = ['```kiln', formatSignature(e), '```', '', e.doc];
  if (e.params.length > 0) {
    lines.push('');
    for (const p of e.params) {
      const range = p.range ? ` (${formatRange(p.range)})` : '';
      lines.push(`- \`${p.name}\`${range}: ${p.doc}`);
    }
  }
  if (e.example) lines.push('', `Example: \`${e.example}\``);
  return lines.join('\n');
}
