// Cleaning stages, applied to validated rows as they stream past:
// drop_null(fields) drops rows where any named field is null (an empty or
// NA cell of an optional field), dedupe(fields) keeps the first row of each
// distinct combination of the named fields (all fields when none are named),
// filter(predicate) keeps rows the predicate accepts. Each removal is
// counted in the pass's stats under the stage's description.

import type { ValidRow, Value } from './row.js';
import { DataError } from './errors.js';
import type { DataStats } from './stats.js';

export type CleanStep =
  | { kind: 'drop_null'; fields: string[] }
  | { kind: 'dedupe'; fields: string[] }
  | {
      kind: 'filter';
      predicate: (fields: Readonly<Record<string, Value>>) => boolean;
      /** How the filter reads in the spec, for stats: `stars >= 1`. */
      description: string;
    };

export function describeCleanStep(step: CleanStep): string {
  return step.kind === 'filter' ? `filter(${step.description})` : `${step.kind}(${step.fields.join(', ')})`;
}

function keyPart(value: Value): string {
  if (value instanceof Float32Array) return `f${Array.prototype.join.call(value, ',')}`;
  // Type-tagged, so that 1 and "1" stay distinct.
  return `${typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : typeof value === 'boolean' ? 'b' : 'z'}${String(value)}`;
}

export async function* dropNull(rows: AsyncIterable<ValidRow>, fields: string[], stats?: DataStats): AsyncGenerator<ValidRow> {
  const stage = describeCleanStep({ kind: 'drop_null', fields });
  for await (const row of rows) {
    const names = fields.length > 0 ? fields : Object.keys(row.fields);
    if (names.some((f) => row.fields[f] === null || row.fields[f] === undefined)) stats?.drop(stage, row.origin);
    else yield row;
  }
}

/** Remembers a key per distinct row, so its memory grows with the number of
 *  distinct rows, not with the file: name the fields that identify a row. */
export async function* dedupe(rows: AsyncIterable<ValidRow>, fields: string[], stats?: DataStats): AsyncGenerator<ValidRow> {
  const stage = describeCleanStep({ kind: 'dedupe', fields });
  const seen = new Set<string>();
  for await (const row of rows) {
    const names = fields.length > 0 ? fields : Object.keys(row.fields).sort();
    const key = names.map((f) => keyPart(row.fields[f] ?? null)).join('\u0000');
    if (seen.has(key)) stats?.drop(stage, row.origin);
    else {
      seen.add(key);
      yield row;
    }
  }
}

export async function* filterRows(
  rows: AsyncIterable<ValidRow>,
  predicate: (fields: Readonly<Record<string, Value>>) => boolean,
  description: string,
  stats?: DataStats,
): AsyncGenerator<ValidRow> {
  const stage = describeCleanStep({ kind: 'filter', predicate, description });
  for await (const row of rows) {
    let keep: boolean;
    try {
      keep = predicate(row.fields);
    } catch (e) {
      // A condition that cannot be evaluated on this row (text where it compares numbers) names the row.
      if (e instanceof DataError && !e.origin) throw new DataError(e.kind, e.reason, row.origin, e.field);
      throw e;
    }
    if (keep) yield row;
    else stats?.drop(stage, row.origin);
  }
}

/** Applies the steps in order. */
export function clean(rows: AsyncIterable<ValidRow>, steps: readonly CleanStep[], stats?: DataStats): AsyncIterable<ValidRow> {
  let out = rows;
  for (const step of steps) {
    if (step.kind === 'drop_null') out = dropNull(out, step.fields, stats);
    else if (step.kind === 'dedupe') out = dedupe(out, step.fields, stats);
    else out = filterRows(out, step.predicate, step.description, stats);
  }
  return out;
}
