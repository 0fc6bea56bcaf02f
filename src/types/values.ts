// Argument values. The checker evaluates each argument of a call to a
// `Value` (literals, constant arithmetic, bare names, lists); `bindArguments`
// turns them into `ArgValues`, the plain JavaScript record the catalog's
// shape, count and build functions read.

export type DurationUnit = 'steps' | 'epochs';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** The scalar kinds a value can have, as named in the language. */
export type ScalarKind = 'int' | 'float' | 'bool' | 'string' | 'duration' | 'name' | 'list';

export type Value =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'duration'; value: number; unit: DurationUnit }
  /** A bare identifier used as a value: `relu`, `val_loss`, `word`. */
  | { kind: 'name'; name: string }
  | { kind: 'list'; items: Value[] }
  /**
   * A value the checker cannot know statically, such as a block parameter.
   * When its declared type is known it is still type-checked; ranges are not.
   */
  | { kind: 'unknown'; type?: ScalarKind };

/** A resolved argument, as the catalog's functions read it. Names become strings. */
export type ArgValue = number | boolean | string | Duration | ArgValue[];

/**
 * Resolved arguments by parameter name, defaults filled in. A key that is
 * present with the value `undefined` was given but is not known statically
 * (e.g. a block parameter); a missing key was not given and has no default.
 */
export type ArgValues = Readonly<Record<string, ArgValue | undefined>>;

export const intValue = (value: number): Value => ({ kind: 'int', value });
export const floatValue = (value: number): Value => ({ kind: 'float', value });
export const boolValue = (value: boolean): Value => ({ kind: 'bool', value });
export const stringValue = (value: string): Value => ({ kind: 'string', value });
export const nameValue = (name: string): Value => ({ kind: 'name', name });
export const durationValue = (value: number, unit: DurationUnit): Value => ({ kind: 'duration', value, unit });
export const listValue = (items: Value[]): Value => ({ kind: 'list', items });
export const unknownValue = (type?: ScalarKind): Value => ({ kind: 'unknown', type });

export function isDuration(v: unknown): v is Duration {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'amount' in v && 'unit' in v;
}

/** How a value is written in source, for messages: `3`, `0.5`, `"word"`, `200 steps`, `[3, 3]`. */
export function formatValue(v: Value): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case 'bool':
      return String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'duration':
      return `${v.value} ${v.value === 1 ? v.unit.slice(0, -1) : v.unit}`;
    case 'name':
      return v.name;
    case 'list':
      return `[${v.items.map(formatValue).join(', ')}]`;
    case 'unknown':
      return v.type ? `a ${v.type}` : 'a value';
  }
}

/** The kind of a value in words, for "expects int, found string" messages. */
export function describeValueKind(v: Value): string {
  switch (v.kind) {
    case 'int':
      return `int ${formatValue(v)}`;
    case 'float':
      return `float ${formatValue(v)}`;
    case 'bool':
      return `bool ${formatValue(v)}`;
    case 'string':
      return `string ${formatValue(v)}`;
    case 'duration':
      return `duration ${formatValue(v)}`;
    case 'name':
      return `name \`${v.name}\``;
    case 'list':
      return `list ${formatValue(v)}`;
    case 'unknown':
      return v.type ?? 'a value';
  }
}

/** A duration's length in optimizer steps. */
export function durationSteps(d: Duration, stepsPerEpoch: number): number {
  return d.unit === 'steps' ? d.amount : d.amount * stepsPerEpoch;
}

/** How a resolved argument is written, for docs and IR-derived messages. */
export function formatArgValue(v: ArgValue | undefined): string {
  if (v === undefined) return '?';
  if (Array.isArray(v)) return `[${v.map(formatArgValue).join(', ')}]`;
  if (isDuration(v)) return `${v.amount} ${v.unit}`;
  return String(v);
}
