// Tensor types: a dtype and a shape. Shapes never include the batch
// dimension: `f32[28, 28, 1]` is one image. A class label `class[10]` is an
// i32 scalar that also knows how many classes it ranges over.

export type DType = 'f32' | 'i32' | 'bool' | 'string';

export const dtypes: readonly DType[] = ['f32', 'i32', 'bool', 'string'];

/**
 * One dimension: a literal size, a named symbol (`seq`, `batch`) or unknown
 * (`null`). Symbols are compared by name; a product involving a symbol is a
 * derived symbol such as `seq*64`, so equal derivations still compare equal.
 */
export type Dim = number | string | null;

export interface TensorType {
  dtype: DType;
  dims: Dim[];
  /** Set for class labels: an i32 scalar with this many classes, written `class[n]`. */
  classes?: number;
}

export function tensor(dtype: DType, dims: Dim[]): TensorType {
  return { dtype, dims: [...dims] };
}

export function f32(...dims: Dim[]): TensorType {
  return tensor('f32', dims);
}

export function i32(...dims: Dim[]): TensorType {
  return tensor('i32', dims);
}

/** `class[n]`: an i32 scalar label with `n` classes. */
export function classLabel(classes: number): TensorType {
  return { dtype: 'i32', dims: [], classes };
}

export function rank(t: TensorType): number {
  return t.dims.length;
}

export function isClassLabel(t: TensorType): boolean {
  return t.classes !== undefined;
}

export function isFloat(t: TensorType): boolean {
  return t.dtype === 'f32';
}

export function formatDim(d: Dim): string {
  return d === null ? '?' : String(d);
}

/** `f32[28, 28, 1]`, `i32[seq]`, `class[10]`, `string` (a scalar string), `f32[]`. */
export function formatType(t: TensorType): string {
  if (t.classes !== undefined) return `class[${t.classes}]`;
  if (t.dtype === 'string' && t.dims.length === 0) return 'string';
  return `${t.dtype}[${t.dims.map(formatDim).join(', ')}]`;
}

/** Both dims are known to be equal (unknown dims are never known-equal). */
export function dimsKnownEqual(a: Dim, b: Dim): boolean {
  return a !== null && b !== null && a === b;
}

/** Both dims are known and differ. Unknown dims never conflict: we cannot tell. */
export function dimsConflict(a: Dim, b: Dim): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return a !== b;
  // A symbol may stand for any size; only two literals, or a literal and the
  // same symbol twice, can be told apart statically.
  return false;
}

/** Types agree: same dtype, same rank, no conflicting dim. Class labels agree when their counts do. */
export function typesCompatible(expected: TensorType, found: TensorType): boolean {
  if (expected.dtype !== found.dtype) return false;
  if (expected.dims.length !== found.dims.length) return false;
  if (expected.classes !== undefined && found.classes !== undefined && expected.classes !== found.classes) return false;
  return expected.dims.every((d, i) => !dimsConflict(d, found.dims[i]));
}

/** Exact structural equality (symbols by name, unknown equals unknown). */
export function typesEqual(a: TensorType, b: TensorType): boolean {
  return (
    a.dtype === b.dtype &&
    a.classes === b.classes &&
    a.dims.length === b.dims.length &&
    a.dims.every((d, i) => d === b.dims[i])
  );
}

/** The same shape with another dtype (class count dropped). */
export function withDtype(t: TensorType, dtype: DType): TensorType {
  return { dtype, dims: [...t.dims] };
}

/** The type as a tf.js shape (batch dimension first, unknown/symbolic dims as null). */
export function toTfShape(t: TensorType): (number | null)[] {
  return [null, ...t.dims.map((d) => (typeof d === 'number' ? d : null))];
}
