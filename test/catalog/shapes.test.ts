// Shape rules: the types they infer through typical pipelines, and the
// problems they report (with hints) when shapes do not fit.

import { describe, expect, it } from 'vitest';
import { findEntry, findLayer, inferShape, isShapeProblem, type LayerEntry, type ShapeResult } from '../../src/catalog/index.js';
import { classLabel, f32, formatType, i32, tensor, type TensorType } from '../../src/types/tensor.js';
import { bound } from './helpers.js';

function run(name: string, inputs: TensorType[], positional: unknown[] = [], named: Record<string, unknown> = {}): ShapeResult {
  const entry = findLayer(name) as LayerEntry;
  return inferShape(entry, inputs, bound(entry, positional, named));
}

function typeOf(r: ShapeResult): string {
  if (isShapeProblem(r)) throw new Error(r.message);
  return formatType(r);
}

describe('shape rules infer types', () => {
  it('follows a convolutional pipeline', () => {
    let t = run('conv2d', [f32(28, 28, 1)], [16, 3], { activation: 'relu' });
    expect(typeOf(t)).toBe('f32[26, 26, 16]');
    t = run('max_pool', [t as TensorType], [2]);
    expect(typeOf(t)).toBe('f32[13, 13, 16]');
    t = run('flatten', [t as TensorType]);
    expect(typeOf(t)).toBe('f32[2704]');
    expect(typeOf(run('dense', [t as TensorType], [10]))).toBe('f32[10]');
  });

  it('carries symbolic dimensions through sequence layers', () => {
    const e = run('embedding', [i32('seq')], [8000, 64]);
    expect(typeOf(e)).toBe('f32[seq, 64]');
    expect(typeOf(run('encoder', [e as TensorType], [64], { heads: 4, ff: 256 }))).toBe('f32[seq, 64]');
    expect(typeOf(run('flatten', [e as TensorType]))).toBe('f32[seq*64]');
    expect(typeOf(run('conv1d', [f32('seq', 8)], [4, 3], { padding: 'same' }))).toBe('f32[seq, 4]');
    expect(typeOf(run('conv1d', [f32('seq', 8)], [4, 3]))).toBe('f32[?, 4]');
  });

  it('joins concatenated dims', () => {
    expect(typeOf(run('concat', [f32(64), f32(32)]))).toBe('f32[96]');
    expect(typeOf(run('concat', [f32('seq', 4), f32('seq', 2)]))).toBe('f32[seq, 6]');
  });

  it('types data transforms from raw columns', () => {
    const tokenize = findEntry('tokenize', 'transform')!;
    expect(typeOf(tokenize.shape(tensor('string', []), bound(tokenize, [], { max_len: 64 })))).toBe('i32[64]');
    const oneHot = findEntry('one_hot', 'transform')!;
    expect(typeOf(oneHot.shape(classLabel(10), bound(oneHot)))).toBe('f32[10]');
    const scale = findEntry('scale', 'transform')!;
    expect(typeOf(scale.shape(tensor('i32', [28, 28, 1]), bound(scale, [1 / 255])))).toBe('f32[28, 28, 1]');
  });
});

describe('shape rules report problems', () => {
  it('dense on a rank-3 input suggests flatten', () => {
    const r = run('dense', [f32(26, 26, 16)], [128]);
    expect(isShapeProblem(r)).toBe(true);
    if (!isShapeProblem(r)) return;
    expect(r.code).toBe('K2201');
    expect(r.message).toBe('`dense` expects a rank-1 or rank-2 input (f32[n]), found f32[26, 26, 16]');
    expect(r.insertBefore).toBe('flatten()');
    expect(r.help).toBe('insert `flatten()` before `dense`');
    expect(r.label).toBe('needs f32[n]');
  });

  it('encoder needs d_model divisible by heads', () => {
    const r = run('encoder', [f32(10, 66)], [66], { heads: 4, ff: 256 });
    if (!isShapeProblem(r)) throw new Error('expected a problem');
    expect(r.code).toBe('K2205');
    expect(r.param).toBe('heads');
    expect(r.message).toBe('`encoder` needs d_model divisible by heads, found d_model 66 and heads 4');
  });

  it('encoder input width must equal d_model, with a projection as the fix', () => {
    const r = run('encoder', [f32('seq', 32)], [64], { heads: 4, ff: 256 });
    if (!isShapeProblem(r)) throw new Error('expected a problem');
    expect(r.code).toBe('K2203');
    expect(r.insertBefore).toBe('dense(64)');
  });

  it('concat of mismatched dims names both inputs', () => {
    const r = run('concat', [f32(8, 64), f32(4, 32)]);
    if (!isShapeProblem(r)) throw new Error('expected a problem');
    expect(r.code).toBe('K2204');
    expect(r.input).toBe(1);
    expect(r.message).toBe('`concat` inputs disagree on dimension 0: f32[8, 64] (input 1) and f32[4, 32] (input 2)');
    const rank = run('concat', [f32(8), f32(4, 2)]);
    expect(isShapeProblem(rank) && rank.message).toContain('disagree on rank');
  });

  it('add needs identical shapes', () => {
    expect(isShapeProblem(run('add', [f32(5), f32(6)]))).toBe(true);
  });

  it('convolution larger than its input is an empty output', () => {
    const r = run('conv2d', [f32(3, 3, 1)], [16, 5]);
    expect(isShapeProblem(r) && r.code).toBe('K2207');
  });

  it('reshape must keep the element count', () => {
    const r = run('reshape', [f32(785)], [[28, 28]]);
    if (!isShapeProblem(r)) throw new Error('expected a problem');
    expect(r.message).toBe('`reshape` cannot reshape f32[785] (785 elements) to [28, 28] (784 elements)');
  });

  it('embedding needs integer ids; dense needs floats', () => {
    expect(isShapeProblem(run('embedding', [f32(10)], [100, 8])) && 'K2202').toBe('K2202');
    const r = run('dense', [i32(64)], [8]);
    expect(isShapeProblem(r) && r.help).toContain('embedding');
  });

  it('merges check their input count', () => {
    const r = run('cross_attention', [f32(4, 8)], [2]);
    expect(isShapeProblem(r) && r.code).toBe('K2208');
  });

  it('losses check the model output against the target', () => {
    const ce = findEntry('cross_entropy', 'loss')!;
    expect(ce.check(f32(10), classLabel(10), {})).toBeUndefined();
    const p = ce.check(f32(5), classLabel(10), {});
    expect(p?.code).toBe('K2203');
    expect(p?.help).toBe('make the last layer `dense(10)`');
  });

  it('dropout(1.5) is out of range at binding', () => {
    expect(() => bound(findLayer('dropout')!, [1.5])).toThrow(/must be in \[0, 1\)/);
  });
});
