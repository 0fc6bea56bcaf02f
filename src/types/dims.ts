// Arithmetic on dimensions, as the shape rules need it. Literal dims compute
// exactly; symbolic dims are carried through as derived symbols where the
// result is still a single product (flatten of `[seq, 64]` is `seq*64`);
// anything else becomes unknown rather than a guess.

import type { Dim } from './tensor.js';

/** Splits a (possibly derived) symbol `64*seq` into its numeric factor and sorted symbol names. */
function factors(d: number | string): { coefficient: number; symbols: string[] } {
  if (typeof d === 'number') return { coefficient: d, symbols: [] };
  let coefficient = 1;
  const symbols: string[] = [];
  for (const part of d.split('*')) {
    const n = Number(part);
    if (part !== '' && Number.isInteger(n)) coefficient *= n;
    else symbols.push(part);
  }
  return { coefficient, symbols };
}

function fromFactors(coefficient: number, symbols: string[]): Dim {
  if (symbols.length === 0) return coefficient;
  if (coefficient === 0) return 0;
  const sorted = [...symbols].sort();
  return coefficient === 1 ? sorted.join('*') : [...sorted, String(coefficient)].join('*');
}

/** The product of dims (flatten). Empty product is 1. Unknown if any factor is unknown. */
export function dimProduct(dims: readonly Dim[]): Dim {
  let coefficient = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    if (d === null) return null;
    const f = factors(d);
    coefficient *= f.coefficient;
    symbols.push(...f.symbols);
  }
  return fromFactors(coefficient, symbols);
}

/** The sum of dims (concat axis). Literal only; a symbol makes the sum unknown unless all but one are zero. */
export function dimSum(dims: readonly Dim[]): Dim {
  let total = 0;
  let symbolic: Dim | undefined;
  for (const d of dims) {
    if (d === null) return null;
    if (typeof d === 'number') total += d;
    else if (symbolic === undefined) symbolic = d;
    else return null;
  }
  if (symbolic === undefined) return total;
  return total === 0 ? symbolic : null;
}

export type Padding = 'valid' | 'same';

/**
 * Output size of a convolution or pooling window along one axis, as tf.js
 * computes it: `valid` → ceil((n - k + 1) / s), `same` → ceil(n / s).
 * Symbolic input sizes give unknown outputs, except `same` with stride 1
 * which keeps the symbol.
 */
export function windowOutputDim(input: Dim, kernel: number, stride: number, padding: Padding, dilation = 1): Dim {
  if (typeof input !== 'number') return padding === 'same' && stride === 1 ? input : null;
  const effectiveKernel = (kernel - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(input / stride);
  return Math.max(0, Math.ceil((input - effectiveKernel + 1) / stride));
}

/** A literal dim, or undefined for a symbolic/unknown one. */
export function literalDim(d: Dim): number | undefined {
  return typeof d === 'number' ? d : undefined;
}

/** Dim from a possibly-unknown number argument. */
export function dimOf(n: number | undefined): Dim {
  return n === undefined ? null : n;
}
