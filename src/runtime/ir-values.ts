// Conversions from IR values to what the catalog's builders read: IR
// arguments to ArgValues, IR tensor types to checker TensorTypes.

import type { IrCall, IrTensorType, IrValue } from '../ir/types.js';
import type { TensorType } from '../types/tensor.js';
import type { ArgValue, ArgValues } from '../types/values.js';

function toArgValue(v: IrValue): ArgValue | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => toArgValue(x)).filter((x): x is ArgValue => x !== undefined);
  if (typeof v === 'object') {
    if ('amount' in v && 'unit' in v && typeof v.amount === 'number') return { amount: v.amount, unit: v.unit === 'epochs' ? 'epochs' : 'steps' };
    return undefined;
  }
  return v;
}

export function argValues(args: Record<string, IrValue> | undefined): ArgValues {
  const out: Record<string, ArgValue | undefined> = {};
  for (const [k, v] of Object.entries(args ?? {})) out[k] = toArgValue(v);
  return out;
}

export function callArgs(call: IrCall): ArgValues {
  return argValues(call.args);
}

export function tensorType(t: IrTensorType): TensorType {
  return { dtype: t.dtype, dims: [...t.shape], classes: t.classes };
}

/** The concrete per-example shape of an IR type; symbolic dims are an error the caller reports. */
export function concreteShape(t: IrTensorType): number[] | undefined {
  return t.shape.every((d) => typeof d === 'number') ? (t.shape as number[]) : undefined;
}
