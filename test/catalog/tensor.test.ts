// Tensor types, dimension arithmetic and did-you-mean.

import { describe, expect, it } from 'vitest';
import { dimProduct, dimSum, windowOutputDim } from '../../src/types/dims.js';
import { classLabel, f32, formatType, i32, tensor, typesCompatible } from '../../src/types/tensor.js';
import { editDistance, suggest } from '../../src/util/suggest.js';

describe('tensor types', () => {
  it('formats types as written in source', () => {
    expect(formatType(f32(28, 28, 1))).toBe('f32[28, 28, 1]');
    expect(formatType(i32('seq'))).toBe('i32[seq]');
    expect(formatType(classLabel(10))).toBe('class[10]');
    expect(formatType(tensor('string', []))).toBe('string');
    expect(formatType(f32(null, 4))).toBe('f32[?, 4]');
  });

  it('treats symbols and unknowns as compatible with literals, but not differing literals', () => {
    expect(typesCompatible(f32('seq', 64), f32(10, 64))).toBe(true);
    expect(typesCompatible(f32(10, 64), f32(10, 32))).toBe(false);
    expect(typesCompatible(f32(10), i32(10))).toBe(false);
    expect(typesCompatible(classLabel(10), classLabel(3))).toBe(false);
  });
});

describe('dimension arithmetic', () => {
  it('multiplies literal and symbolic dims', () => {
    expect(dimProduct([28, 28, 1])).toBe(784);
    expect(dimProduct(['seq', 64])).toBe('seq*64');
    expect(dimProduct([64, 'seq'])).toBe('seq*64');
    expect(dimProduct(['seq', null])).toBeNull();
    expect(dimProduct([])).toBe(1);
  });

  it('adds dims', () => {
    expect(dimSum([64, 32])).toBe(96);
    expect(dimSum(['seq', 0])).toBe('seq');
    expect(dimSum(['seq', 3])).toBeNull();
  });

  it('computes window outputs as tf.js does', () => {
    expect(windowOutputDim(28, 3, 1, 'valid')).toBe(26);
    expect(windowOutputDim(28, 3, 2, 'valid')).toBe(13);
    expect(windowOutputDim(7, 2, 2, 'same')).toBe(4);
    expect(windowOutputDim(2, 3, 1, 'valid')).toBe(0);
    expect(windowOutputDim('seq', 3, 1, 'same')).toBe('seq');
    expect(windowOutputDim('seq', 3, 1, 'valid')).toBeNull();
  });
});

describe('did-you-mean', () => {
  it('measures edits, counting a transposition as one', () => {
    expect(editDistance('desne', 'dense')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only plausible names', () => {
    expect(suggest('activaton', ['units', 'activation', 'use_bias'])).toBe('activation');
    expect(suggest('Dense', ['dense', 'dropout'])).toBe('dense');
    expect(suggest('xyz', ['dense', 'dropout'])).toBeUndefined();
  });
});
