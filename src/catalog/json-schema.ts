// JSON Schema for entries' arguments as they appear in the IR (resolved
// values: numbers, booleans, strings, `{ amount, unit }` durations, lists),
// so the IR's schema is derived from the catalog rather than written twice.

import type { CatalogEntry, ParamSpec, ParamType } from './entry.js';

export type JsonSchema = Record<string, unknown>;

const durationSchema: JsonSchema = {
  type: 'object',
  properties: { amount: { type: 'number' }, unit: { enum: ['steps', 'epochs'] } },
  required: ['amount', 'unit'],
  additionalProperties: false,
};

function bounds(p: ParamSpec): JsonSchema {
  const r = p.range;
  if (!r) return {};
  const s: JsonSchema = {};
  if (r.min !== undefined) s[(r.minInclusive ?? true) ? 'minimum' : 'exclusiveMinimum'] = r.min;
  if (r.max !== undefined) s[(r.maxInclusive ?? true) ? 'maximum' : 'exclusiveMaximum'] = r.max;
  return s;
}

function typeSchema(t: ParamType, p: ParamSpec, activationNames: readonly string[]): JsonSchema {
  if (typeof t === 'object') return { enum: [...t.oneOf] };
  switch (t) {
    case 'int':
      return { type: 'integer', ...bounds(p) };
    case 'float':
      return { type: 'number', ...bounds(p) };
    case 'bool':
      return { type: 'boolean' };
    case 'string':
    case 'name':
      return { type: 'string' };
    case 'activation':
      return { enum: [...activationNames] };
    case 'duration':
      return durationSchema;
    case 'dims':
      return { type: 'array', items: { type: 'integer', ...bounds(p) }, minItems: p.arity ?? 1, ...(p.arity ? { maxItems: p.arity } : {}) };
    case 'floats':
      return { type: 'array', items: { type: 'number', ...bounds(p) }, minItems: 1 };
    case 'function':
      return {};
  }
}

/** Schema of one parameter's resolved value. `null` is allowed: the IR writes unknown values as null. */
export function paramSchema(p: ParamSpec, activationNames: readonly string[]): JsonSchema {
  return { description: p.doc, anyOf: [typeSchema(p.type, p, activationNames), { type: 'null' }] };
}

/** Schema of an entry's resolved arguments object. */
export function argumentsSchema(entry: Pick<CatalogEntry, 'params'>, activationNames: readonly string[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(entry.params.map((p) => [p.name, paramSchema(p, activationNames)])),
    required: entry.params.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}
