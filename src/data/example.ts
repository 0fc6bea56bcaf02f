// Examples and their plain-array batches. An example is what the feature
// transforms make of a row: named numbers or arrays of numbers, still carrying
// the row's origin. `collate` packs a list of examples into one flat typed
// array per feature, checked against the declared dtype and shape, with no
// tf.js involved; tensorize.ts wraps the result in tensors.

import type { RowOrigin } from './row.js';
import { DataError } from './errors.js';

export type ExampleValue = number | boolean | ArrayLike<number>;

export interface Example {
  values: Record<string, ExampleValue>;
  origin: RowOrigin;
}

export interface FeatureSpec {
  name: string;
  dtype: 'float32' | 'int32';
  /** The shape of one example's value, without the batch dimension; [] for a scalar. */
  shape: number[];
}

export interface CollatedFeature {
  dtype: 'float32' | 'int32';
  /** [batch, ...shape] */
  shape: number[];
  data: Float32Array | Int32Array;
}

function formatShape(shape: number[]): string {
  return `[${shape.join(', ')}]`;
}

function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a string (a transform must turn it into numbers)';
  if (typeof value === 'number' || typeof value === 'boolean') return 'a scalar';
  if (typeof value === 'object' && 'length' in (value as object)) return `${(value as ArrayLike<number>).length} values`;
  return 'an object';
}

/** Packs examples into one typed array per feature; a DataError citing the
 *  example's origin when a value has the wrong size or type. */
export function collate(examples: readonly Example[], specs: readonly FeatureSpec[]): Record<string, CollatedFeature> {
  const out: Record<string, CollatedFeature> = {};
  for (const spec of specs) {
    const per = spec.shape.reduce((a, b) => a * b, 1);
    const data = spec.dtype === 'int32' ? new Int32Array(examples.length * per) : new Float32Array(examples.length * per);
    for (let e = 0; e < examples.length; e++) {
      const value = examples[e].values[spec.name];
      const bad = (what: string): DataError =>
        new DataError(
          'row',
          `feature "${spec.name}": expected ${spec.dtype}${formatShape(spec.shape)}, found ${what}`,
          examples[e].origin,
          spec.name,
        );
      const offset = e * per;
      if (typeof value === 'number' || typeof value === 'boolean') {
        if (per !== 1) throw bad(found(value));
        const n = Number(value);
        if (spec.dtype === 'int32' && !Number.isInteger(n)) throw bad(`the non-integer ${n}`);
        data[offset] = n;
        continue;
      }
      if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number') throw bad(found(value));
      const values = value as ArrayLike<number>;
      if (values.length !== per) throw bad(found(value));
      if (spec.dtype === 'int32') {
        for (let i = 0; i < per; i++) {
          const n = values[i];
          if (!Number.isInteger(n)) throw bad(`the non-integer ${n} at position ${i}`);
          data[offset + i] = n;
        }
      } else if (ArrayBuffer.isView(values)) {
        (data as Float32Array).set(values as unknown as ArrayLike<number>, offset);
      } else {
        for (let i = 0; i < per; i++) data[offset + i] = values[i];
      }
    }
    out[spec.name] = { dtype: spec.dtype, shape: [examples.length, ...spec.shape], data };
  }
  return out;
}
