// Small helpers shared by the shape rules: reading arguments that may be
// unknown, and the common input checks (rank, dtype) with their messages.

import { formatType, type Dim, type TensorType } from '../types/tensor.js';
import type { ArgValues } from '../types/values.js';
import type { ShapeProblem } from './entry.js';
import { Codes, shapeProblem } from './problems.js';

/** A numeric argument, or undefined when not given or not known statically. */
export function num(args: ArgValues, name: string): number | undefined {
  const v = args[name];
  return typeof v === 'number' ? v : undefined;
}

export function str(args: ArgValues, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' ? v : undefined;
}

export function bool(args: ArgValues, name: string): boolean | undefined {
  const v = args[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** An int-list argument (`dims`), or undefined. */
export function ints(args: ArgValues, name: string): number[] | undefined {
  const v = args[name];
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

/** The argument's value for a tf.js builder, which needs every argument known. */
export function need<T>(value: T | undefined, callee: string, name: string): T {
  if (value === undefined) throw new Error(`internal: \`${callee}\` built without a known \`${name}\``);
  return value;
}

export function lastDim(t: TensorType): Dim {
  return t.dims.length === 0 ? null : t.dims[t.dims.length - 1];
}

function rankWords(ranks: readonly number[]): string {
  return ranks.map((r) => `rank-${r}`).join(' or ');
}

/**
 * The input's rank is one of `ranks`, else a problem. `shapeHint` describes
 * the expected shape, e.g. `f32[n]`, and becomes the caret label.
 */
export function expectRank(
  callee: string,
  input: TensorType,
  ranks: readonly number[],
  shapeHint: string,
  extras: Partial<ShapeProblem> = {},
): ShapeProblem | undefined {
  if (ranks.includes(input.dims.length)) return undefined;
  return shapeProblem(
    Codes.inputRank,
    { callee, expected: `a ${rankWords(ranks)} input (${shapeHint})`, found: formatType(input) },
    { input: 0, label: `needs ${shapeHint}`, ...extras },
  );
}

/** The input is a float tensor (not a class label, ids or strings). */
export function expectFloat(callee: string, input: TensorType, index = 0): ShapeProblem | undefined {
  if (input.dtype === 'f32' && input.classes === undefined) return undefined;
  const help =
    input.dtype === 'i32'
      ? 'integer ids need `embedding(vocab, dim)` first; numeric features can be scaled to floats with `scale(...)`'
      : input.dtype === 'string'
        ? 'text needs `tokenize(...)` in the data block and `embedding(...)` in the model'
        : undefined;
  return shapeProblem(
    Codes.inputDtype,
    { callee, expected: 'an f32 input', found: formatType(input) },
    { input: index, label: 'needs f32', help },
  );
}

export function expectDtype(callee: string, input: TensorType, dtype: TensorType['dtype'], help?: string): ShapeProblem | undefined {
  if (input.dtype === dtype) return undefined;
  return shapeProblem(
    Codes.inputDtype,
    { callee, expected: `an ${dtype === 'string' ? 'string' : dtype} input`.replace('an string', 'a string'), found: formatType(input) },
    { input: 0, label: `needs ${dtype}`, help },
  );
}

/** Multiplies, or undefined when any factor is not a literal. */
export function product(...xs: (Dim | undefined)[]): number | undefined {
  let p = 1;
  for (const x of xs) {
    if (typeof x !== 'number') return undefined;
    p *= x;
  }
  return p;
}
