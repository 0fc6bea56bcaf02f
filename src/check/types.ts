// Type annotations → tensor types: `f32[28, 28, 1]`, `i32[seq]`, `class[10]`,
// `string`. Named dims stay symbols; `_` (any) is unknown.

import type * as A from '../syntax/ast.js';
import { dtypes, type DType, type Dim, type TensorType } from '../types/tensor.js';

export type TypeResult = { type: TensorType } | { error: string; help?: string };

const scalarNames: Record<string, DType> = { int: 'i32', float: 'f32', bool: 'bool', string: 'string' };

export function tensorTypeOf(ref: A.TypeRef): TypeResult | undefined {
  const name = ref.name.text;
  // A type the parser could not read (reported there).
  if (name === '') return undefined;
  const dims: Dim[] = (ref.dims ?? []).map((d) => (d.kind === 'DimNumber' ? d.value : d.kind === 'DimName' ? d.name : null));
  if (name === 'class') {
    const n = dims.length === 1 ? dims[0] : undefined;
    if (typeof n !== 'number' || n < 1) return { error: '`class[N]` needs one positive number of classes', help: 'write e.g. `class[10]`' };
    return { type: { dtype: 'i32', dims: [], classes: n } };
  }
  if ((dtypes as readonly string[]).includes(name)) {
    if (ref.dims === undefined && name !== 'string') return { error: `\`${name}\` needs a shape`, help: `write \`${name}[]\` for a scalar or e.g. \`${name}[28, 28, 1]\`` };
    return { type: { dtype: name as DType, dims } };
  }
  if (name in scalarNames && ref.dims === undefined) return { type: { dtype: scalarNames[name], dims: [] } };
  return { error: `\`${name}\` is not a tensor type`, help: 'tensor types are f32[...], i32[...], bool[...], string or class[N]' };
}
