// Test helpers: bind a catalog call from plain JavaScript arguments, the way
// the checker will from evaluated source values.

import { bindArguments, type Argument, type CatalogEntry } from '../../src/catalog/index.js';
import type { ArgValues, Value } from '../../src/types/values.js';

/** Plain JS → Value: integers are ints, `{ steps: n }` a duration, strings bare names. */
export function toValue(v: unknown): Value {
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'name', name: v };
  if (Array.isArray(v)) return { kind: 'list', items: v.map(toValue) };
  if (typeof v === 'object' && v !== null && 'steps' in v) return { kind: 'duration', value: (v as { steps: number }).steps, unit: 'steps' };
  if (typeof v === 'object' && v !== null && 'epochs' in v) return { kind: 'duration', value: (v as { epochs: number }).epochs, unit: 'epochs' };
  throw new Error(`test helper: cannot turn ${String(v)} into a value`);
}

export function call(positional: unknown[] = [], named: Record<string, unknown> = {}): Argument[] {
  return [...positional.map((v) => ({ value: toValue(v) })), ...Object.entries(named).map(([name, v]) => ({ name, value: toValue(v) }))];
}

/** Binds and insists there are no problems. */
export function bound(entry: CatalogEntry, positional: unknown[] = [], named: Record<string, unknown> = {}): ArgValues {
  const r = bindArguments(entry, call(positional, named));
  if (r.problems.length > 0) throw new Error(`unexpected problems binding ${entry.name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.args;
}
