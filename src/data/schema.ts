// The raw-row schema of a `data` block and the validation stage that checks
// every row against it. Field types: string, int, float, bool,
// image[h, w, c] and optional T. Text sources (CSV) give strings, which are
// coerced ("3" → 3, "five" → an error); typed sources (JSON Lines, bundled
// datasets) give JSON-like values, which are checked by a compiled ajv
// validator, with images checked by shape. A bad row either stops the pass
// with a DataError naming file, line, field and what was found (`stop`, the
// default) or is skipped and counted (`skip`).

import { Ajv, type ValidateFunction } from 'ajv';
import type { ImageValue, Row, ValidRow, Value } from './row.js';
import { DataError } from './errors.js';
import type { DataStats } from './stats.js';
import type { RowSource, ValueKind } from './sources/source.js';

export type FieldType =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'bool' }
  | { kind: 'image'; height: number; width: number; channels: number }
  | { kind: 'optional'; inner: FieldType };

export interface FieldSchema {
  name: string;
  type: FieldType;
}

export interface RowSchema {
  fields: FieldSchema[];
}

export type BadRowPolicy = 'stop' | 'skip';

// ---------------------------------------------------------------- type text

export function formatFieldType(type: FieldType): string {
  switch (type.kind) {
    case 'image':
      return `image[${type.height}, ${type.width}, ${type.channels}]`;
    case 'optional':
      return `optional ${formatFieldType(type.inner)}`;
    default:
      return type.kind;
  }
}

/** Parses `int`, `optional float`, `image[28, 28, 1]`; an error value otherwise. */
export function parseFieldType(text: string): { ok: true; type: FieldType } | { ok: false; error: string } {
  const t = text.trim();
  const optional = /^optional\s+(.+)$/.exec(t);
  if (optional) {
    const inner = parseFieldType(optional[1]);
    if (!inner.ok) return inner;
    if (inner.type.kind === 'optional') return { ok: false, error: '`optional optional` is not a type' };
    return { ok: true, type: { kind: 'optional', inner: inner.type } };
  }
  if (t === 'string' || t === 'int' || t === 'float' || t === 'bool') return { ok: true, type: { kind: t } };
  const image = /^image\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]$/.exec(t);
  if (image) {
    const [height, width, channels] = image.slice(1).map(Number);
    if (height < 1 || width < 1 || channels < 1) return { ok: false, error: `image dimensions must be positive, found ${t}` };
    return { ok: true, type: { kind: 'image', height, width, channels } };
  }
  return { ok: false, error: `unknown field type "${t}": expected string, int, float, bool, image[h, w, c] or optional T` };
}

/** Builds a schema from `{ field: 'type text' }`, for schemas written in code. */
export function parseSchema(fields: Record<string, string>): RowSchema {
  return {
    fields: Object.entries(fields).map(([name, text]) => {
      const parsed = parseFieldType(text);
      if (!parsed.ok) throw new DataError('config', `field "${name}": ${parsed.error}`);
      return { name, type: parsed.type };
    }),
  };
}

/** Builds a schema from the IR's declared fields (`{ name, type: 'int', optional }`);
 *  an error value naming the first field whose type does not parse. */
export function schemaFromFields(
  fields: readonly { name: string; type: string; optional?: boolean }[],
): { ok: true; schema: RowSchema } | { ok: false; error: string } {
  const out: FieldSchema[] = [];
  for (const f of fields) {
    const parsed = parseFieldType(f.type);
    if (!parsed.ok) return { ok: false, error: `field "${f.name}": ${parsed.error}` };
    const type: FieldType = f.optional && parsed.type.kind !== 'optional' ? { kind: 'optional', inner: parsed.type } : parsed.type;
    out.push({ name: f.name, type });
  }
  return { ok: true, schema: { fields: out } };
}

// ---------------------------------------------------------------- values

type Checked = { ok: true; value: Value } | { ok: false; found: string };

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.trim() === '') return 'an empty value';
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isImageValue(value)) return `image[${value.height}, ${value.width}, ${value.channels}]`;
  if (ArrayBuffer.isView(value)) return `${(value as unknown as ArrayLike<number>).length} numbers`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return 'an object';
}

function isImageValue(value: unknown): value is ImageValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as ImageValue).kind === 'image' &&
    (value as ImageValue).data instanceof Float32Array
  );
}

const NULL_TEXT = new Set(['', 'na', 'n/a', 'null', 'none', 'nan']);
const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', '0']);

/** Text → value, for CSV cells. Empty and NA-like cells are null for optional fields. */
export function coerceText(type: FieldType, raw: unknown): Checked {
  if (typeof raw !== 'string') return raw === undefined ? { ok: false, found: describe(raw) } : checkTyped(type, raw);
  const t = raw.trim();
  switch (type.kind) {
    case 'optional':
      return NULL_TEXT.has(t.toLowerCase()) ? { ok: true, value: null } : coerceText(type.inner, raw);
    case 'string':
      return { ok: true, value: raw };
    case 'int': {
      const n = Number(t);
      return INT_TEXT.test(t) && Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, found: describe(raw) };
    }
    case 'float':
      return FLOAT_TEXT.test(t) ? { ok: true, value: Number(t) } : { ok: false, found: describe(raw) };
    case 'bool': {
      const l = t.toLowerCase();
      if (TRUE_TEXT.has(l)) return { ok: true, value: true };
      if (FALSE_TEXT.has(l)) return { ok: true, value: false };
      return { ok: false, found: describe(raw) };
    }
    case 'image': {
      // Pixels in a cell: numbers separated by spaces (the Kaggle CSV convention).
      const parts = t.length === 0 ? [] : t.split(/\s+/);
      const size = type.height * type.width * type.channels;
      if (parts.length !== size) return { ok: false, found: `${parts.length} numbers` };
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        if (!FLOAT_TEXT.test(parts[i])) return { ok: false, found: `${JSON.stringify(parts[i])} at position ${i}` };
        data[i] = Number(parts[i]);
      }
      return { ok: true, value: data };
    }
  }
}

/** Flattens nested [h][w][c] (or [h][w] when c = 1) arrays; undefined when ragged or not numeric. */
function flattenNested(value: unknown[], type: { height: number; width: number; channels: number }): Float32Array | undefined {
  const data = new Float32Array(type.height * type.width * type.channels);
  if (value.length !== type.height) return undefined;
  let k = 0;
  for (const row of value) {
    if (!Array.isArray(row) || row.length !== type.width) return undefined;
    for (const px of row) {
      const channels = type.channels === 1 && typeof px === 'number' ? [px] : px;
      if (!Array.isArray(channels) || channels.length !== type.channels) return undefined;
      for (const c of channels) {
        if (typeof c !== 'number' || !Number.isFinite(c)) return undefined;
        data[k++] = c;
      }
    }
  }
  return data;
}

/** A JSON-like or typed value → value. */
export function checkTyped(type: FieldType, raw: unknown): Checked {
  const fail: Checked = { ok: false, found: describe(raw) };
  switch (type.kind) {
    case 'optional':
      return raw === null || raw === undefined ? { ok: true, value: null } : checkTyped(type.inner, raw);
    case 'string':
      return typeof raw === 'string' ? { ok: true, value: raw } : fail;
    case 'int':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? { ok: true, value: raw } : fail;
    case 'float':
      return typeof raw === 'number' && Number.isFinite(raw) ? { ok: true, value: raw } : fail;
    case 'bool':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : fail;
    case 'image': {
      const size = type.height * type.width * type.channels;
      if (isImageValue(raw)) {
        return raw.height === type.height && raw.width === type.width && raw.channels === type.channels
          ? { ok: true, value: raw.data }
          : fail;
      }
      if (raw instanceof Float32Array) return raw.length === size ? { ok: true, value: raw } : fail;
      if (ArrayBuffer.isView(raw) || (Array.isArray(raw) && raw.length === size && typeof raw[0] === 'number')) {
        const flat = raw as unknown as ArrayLike<number>;
        if (flat.length !== size) return fail;
        const data = Float32Array.from(flat);
        return data.every(Number.isFinite) ? { ok: true, value: data } : fail;
      }
      if (Array.isArray(raw)) {
        const data = flattenNested(raw, type);
        return data ? { ok: true, value: data } : fail;
      }
      return fail;
    }
  }
}

// ---------------------------------------------------------------- compiled

/** Returned by a compiled converter for a bad value; the caller then asks
 *  coerceText/checkTyped for the description. Converters return the value
 *  itself otherwise, so a good row allocates nothing per field. */
const INVALID: unique symbol = Symbol('invalid');
type Converter = (raw: unknown) => Value | typeof INVALID;

const INT_CELL = /^\s*[+-]?\d+\s*$/;
const FLOAT_CELL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function slowTextConverter(type: FieldType): (raw: unknown) => Value | typeof INVALID {
  return (raw) => {
    const checked = coerceText(type, raw);
    return checked.ok ? checked.value : INVALID;
  };
}

/** A converter for text cells; strings take a fast path, anything else the general one. */
function textConverter(type: FieldType): Converter {
  const slow = slowTextConverter(type);
  switch (type.kind) {
    case 'string':
      return (raw) => (typeof raw === 'string' ? raw : slow(raw));
    case 'int':
      return (raw) => {
        if (typeof raw !== 'string') return slow(raw);
        if (!INT_CELL.test(raw)) return INVALID;
        const n = Number(raw);
        return Number.isSafeInteger(n) ? n : INVALID;
      };
    case 'float':
      return (raw) => (typeof raw !== 'string' ? slow(raw) : FLOAT_CELL.test(raw) ? Number(raw) : INVALID);
    case 'optional': {
      const inner = textConverter(type.inner);
      return (raw) =>
        typeof raw !== 'string' ? slow(raw) : raw.length === 0 || NULL_TEXT.has(raw.trim().toLowerCase()) ? null : inner(raw);
    }
    default:
      return slow;
  }
}

function typedConverter(type: FieldType): Converter {
  return (raw) => {
    const checked = checkTyped(type, raw);
    return checked.ok ? checked.value : INVALID;
  };
}

// ---------------------------------------------------------------- rows

/** The JSON Schema ajv compiles for a typed row's scalar fields. Images are
 *  left to checkTyped: they may be typed arrays, which JSON Schema cannot describe. */
export function rowJsonSchema(schema: RowSchema): object {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const { name, type } of schema.fields) {
    const optional = type.kind === 'optional';
    const base = type.kind === 'optional' ? type.inner : type;
    if (base.kind === 'image' || base.kind === 'optional') continue;
    const json = { string: 'string', int: 'integer', float: 'number', bool: 'boolean' }[base.kind];
    properties[name] = { type: optional ? [json, 'null'] : json };
    if (!optional) required.push(name);
  }
  return { type: 'object', properties, required };
}

const ajv = new Ajv({ allErrors: false, strict: false });

export interface RowValidator {
  readonly schema: RowSchema;
  readonly values: ValueKind;
  /** The checked row, or the reason it is bad (with its grouping key for stats). */
  check(row: Row): ValidRow | { bad: true; reason: string; key: string; field?: string };
}

export function rowValidator(schema: RowSchema, values: ValueKind): RowValidator {
  const scalarGate: ValidateFunction | undefined = values === 'typed' ? ajv.compile(rowJsonSchema(schema)) : undefined;
  const images = schema.fields.filter((f) => f.type.kind === 'image' || (f.type.kind === 'optional' && f.type.inner.kind === 'image'));
  const fields = schema.fields;
  // Text rows may still hold a non-string (a source that mixes both); coerceText handles that.
  const converters = fields.map((f) => (values === 'text' ? textConverter(f.type) : typedConverter(f.type)));
  const describeBad = (type: FieldType, raw: unknown): string => {
    const checked = values === 'text' ? coerceText(type, raw) : checkTyped(type, raw);
    return checked.ok ? describe(raw) : checked.found;
  };
  return {
    schema,
    values,
    check(row) {
      if (row.problem !== undefined) {
        return { bad: true, reason: row.problem, key: row.problem.replace(/, found .*$|: .*$/, '') };
      }
      const out: Record<string, Value> = {};
      if (scalarGate && scalarGate(row.fields)) {
        // Fast path: ajv has vouched for the scalars; only images need work.
        for (const { name } of schema.fields) {
          const v = row.fields[name];
          out[name] = v === undefined ? null : (v as Value);
        }
        for (const { name, type } of images) {
          const checked = checkTyped(type, row.fields[name]);
          if (!checked.ok) return badField(name, type, checked.found);
          out[name] = checked.value;
        }
        return { fields: out, origin: row.origin };
      }
      for (let i = 0; i < fields.length; i++) {
        const { name, type } = fields[i];
        const raw = row.fields[name];
        if (raw === undefined && type.kind !== 'optional') {
          return { bad: true, reason: `field "${name}" is missing`, key: `field "${name}" is missing`, field: name };
        }
        const value = converters[i](raw);
        if (value === INVALID) {
          const checked = describeBad(type, raw);
          return badField(name, type, checked);
        }
        out[name] = value;
      }
      return { fields: out, origin: row.origin };
    },
  };
}

function badField(name: string, type: FieldType, found: string) {
  const expected = `field "${name}": expected ${formatFieldType(type)}`;
  return { bad: true as const, reason: `${expected}, found ${found}`, key: expected, field: name };
}

export interface ValidateOptions {
  policy?: BadRowPolicy;
  /** Counts read and skipped rows; pass one per pass to read them afterwards. */
  stats?: DataStats;
}

/** The validation of one row at a time, for stages that fuse it into their own loop:
 *  the valid row, or undefined for a bad row skipped under `skip` (`stop` throws). */
export function rowChecker(source: RowSource, schema: RowSchema | undefined, options: ValidateOptions = {}): (row: Row) => ValidRow | undefined {
  const effective = schema ?? source.schema;
  if (!effective) throw new DataError('config', `${source.description} has no built-in schema: declare the fields its rows have`);
  const validator = rowValidator(effective, source.values);
  const policy = options.policy ?? 'stop';
  const stats = options.stats;
  return (row) => {
    if (stats) stats.read++;
    const checked = validator.check(row);
    if ('bad' in checked) {
      if (policy === 'stop') throw new DataError('row', checked.reason, row.origin, checked.field);
      stats?.skip(checked.key, row.origin);
      return undefined;
    }
    return checked;
  };
}

/** The validation stage: checks every row of `source` against `schema`
 *  (default: the source's own schema) and applies the bad-row policy. */
export async function* validateRows(
  source: RowSource,
  schema: RowSchema | undefined,
  options: ValidateOptions = {},
): AsyncGenerator<ValidRow> {
  const check = rowChecker(source, schema, options);
  for await (const row of source) {
    const valid = check(row);
    if (valid) yield valid;
  }
}

/** The fields of a schema as a lookup, for the checker's cross-references. */
export function fieldTypes(schema: RowSchema): Map<string, FieldType> {
  return new Map(schema.fields.map((f) => [f.name, f.type]));
}
