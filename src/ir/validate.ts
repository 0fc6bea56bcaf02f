// Validates IR against src/ir/schema.json with ajv, whenever IR crosses a
// boundary (written to disk, read back, handed to a backend). Errors come
// back as readable lines naming the JSON path: "/models/mlp/nodes/2/op must
// be one of dense, dropout, …".

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './schema.json' with { type: 'json' };
import type { IrProgram } from './types.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return compiled;
}

export type IrValidation = { ok: true; ir: IrProgram } | { ok: false; errors: string[] };

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(the document)';
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    return `${where} must be one of ${allowed.slice(0, 12).map(String).join(', ')}${allowed.length > 12 ? ', …' : ''}`;
  }
  if (e.keyword === 'additionalProperties') return `${where} has an unexpected property \`${(e.params as { additionalProperty: string }).additionalProperty}\``;
  if (e.keyword === 'required') return `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\``;
  if (e.keyword === 'const') return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

export function validateIr(value: unknown): IrValidation {
  const validate = validator();
  if (validate(value)) return { ok: true, ir: value as IrProgram };
  // anyOf/oneOf report every branch; keep the most specific messages, once each.
  const errors = [...new Set((validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').map(describe))];
  return { ok: false, errors: errors.length ? errors : ['the IR does not match its schema'] };
}

/** Parses IR text and validates it. */
export function readIr(text: string): IrValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  return validateIr(json);
}
