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

/** The cleaning steps as one test per row, for stages that fuse cleaning into
 *  their own loop: true keeps the row; a removal is counted under its step.
 *  Dedupe remembers a key per distinct row, so its memory grows with the
 *  number of distinct rows, not with the file: name the fields that identify a row. */
export function rowCleaner(steps: readonly CleanStep[], stats?: DataStats): (row: ValidRow) => boolean {
  const tests = steps.map((step): ((row: ValidRow) => boolean) => {
    const stage = describeCleanStep(step);
    if (step.kind === 'drop_null') {
      return (row) => {
        const names = step.fields.length > 0 ? step.fields : Object.keys(row.fields);
        return !names.some((f) => row.fields[f] === null || row.fields[f] === undefined);
      };
    }
    if (step.kind === 'dedupe') {
      const seen = new Set<string>();
      return (row) => {
        const names = step.fields.length > 0 ? step.fields : Object.keys(row.fields).sort();
        const key = names.map((f) => keyPart(row.fields[f] ?? null)).join('\u0000');
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      };
    }
    return (row) => {
      try {
        return step.predicate(row.fields);
      } catch (e) {
        // A condition that cannot be evaluated on this row (text where it compares numbers) names the row.
        if (e instanceof DataError && !e.origin) throw new DataError(e.kind, e.reason, row.origin, e.field);
        throw e;
      }
    };
  });
  const stages = steps.map(describeCleanStep);
  return (row) => {
    for (let i = 0; i < tests.length; i++) {
      if (!tests[i](row)) {
        stats?.drop(stages[i], row.origin);
        return false;
      }
    }
    return true;
  };
}

async function* cleanWith(rows: AsyncIterable<ValidRow>, steps: readonly CleanStep[], stats?: DataStats): AsyncGenerator<ValidRow> {
  const keep = rowCleaner(steps, stats);
  for await (const row of rows) if (keep(row)) yield row;
}

export function dropNull(rows: AsyncIterable<ValidRow>, fields: string[], stats?: DataStats): AsyncGenerator<ValidRow> {
  return cleanWith(rows, [{ kind: 'drop_null', fields }], stats);
}

export function dedupe(rows: AsyncIterable<ValidRow>, fields: string[], stats?: DataStats): AsyncGenerator<ValidRow> {
  return cleanWith(rows, [{ kind: 'dedupe', fields }], stats);
}

export function filterRows(
  rows: AsyncIterable<ValidRow>,
  predicate: (fields: Readonly<Record<string, Value>>) => boolean,
  description: string,
  stats?: DataStats,
): AsyncGenerator<ValidRow> {
  return cleanWith(rows, [{ kind: 'filter', predicate, description }], stats);
}

/** Applies the steps in order. */
export function clean(rows: AsyncIterable<ValidRow>, steps: readonly CleanStep[], stats?: DataStats): AsyncIterable<ValidRow> {
  return steps.length === 0 ? rows : cleanWith(rows, steps, stats);
}
