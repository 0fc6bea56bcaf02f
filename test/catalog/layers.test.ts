// Every layer-like catalog entry, built with tf.js: the catalog's shape rule
// must equal the built layer's output shape, and its parameter count must
// equal tf.js's countParams(), for several input shapes and arguments.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { activationEntries, findLayer, inferShape, isShapeProblem, layerEntries, mergeEntries } from '../../src/catalog/index.js';
import { f32, i32, toTfShape, type TensorType } from '../../src/types/tensor.js';
import { bound } from './helpers.js';

interface Case {
  inputs: TensorType[];
  positional?: unknown[];
  named?: Record<string, unknown>;
}

const cases: Record<string, Case[]> = {
  dense: [
    { inputs: [f32(20)], positional: [8] },
    { inputs: [f32(5, 12)], positional: [3], named: { activation: 'relu' } },
    { inputs: [f32(7)], positional: [4], named: { use_bias: false } },
  ],
  dropout: [
    { inputs: [f32(10)], positional: [0.3] },
    { inputs: [f32(4, 6)], positional: [0] },
  ],
  flatten: [{ inputs: [f32(4, 5, 3)] }, { inputs: [f32(3, 4)] }, { inputs: [f32(7)] }],
  reshape: [
    { inputs: [f32(12)], positional: [[3, 4]] },
    { inputs: [f32(2, 3, 4)], positional: [[-1, 4]] },
  ],
  embedding: [
    { inputs: [i32(16)], positional: [50, 8] },
    { inputs: [i32(3, 5)], positional: [10, 4] },
  ],
  positional_embedding: [{ inputs: [f32(10, 8)] }, { inputs: [f32(6, 4)], named: { max_len: 10 } }],
  batch_norm: [{ inputs: [f32(10)] }, { inputs: [f32(8, 8, 3)], named: { momentum: 0.9 } }],
  layer_norm: [{ inputs: [f32(6)] }, { inputs: [f32(5, 7)] }],
  conv1d: [
    { inputs: [f32(20, 3)], positional: [4, 5] },
    { inputs: [f32(21, 2)], positional: [6, 4], named: { stride: 2, padding: 'same' } },
  ],
  conv2d: [
    { inputs: [f32(12, 12, 3)], positional: [8, 3] },
    { inputs: [f32(11, 9, 2)], positional: [4, [3, 2]], named: { stride: 2, padding: 'same', activation: 'relu' } },
    { inputs: [f32(10, 10, 1)], positional: [2, 3], named: { stride: [2, 1] } },
  ],
  max_pool: [
    { inputs: [f32(12, 12, 3)], positional: [2] },
    { inputs: [f32(11, 11, 2)], positional: [3], named: { stride: 2 } },
    { inputs: [f32(7, 7, 1)], positional: [2], named: { padding: 'same' } },
    { inputs: [f32(20, 4)], positional: [2] },
  ],
  avg_pool: [
    { inputs: [f32(12, 12, 3)], positional: [2] },
    { inputs: [f32(9, 9, 2)], positional: [3], named: { stride: 1 } },
    { inputs: [f32(15, 4)], positional: [4], named: { padding: 'same' } },
  ],
  global_avg_pool: [{ inputs: [f32(6, 6, 4)] }, { inputs: [f32(10, 3)] }],
  lstm: [
    { inputs: [f32(7, 5)], positional: [6] },
    { inputs: [f32(4, 3)], positional: [2], named: { return_sequences: true } },
  ],
  gru: [
    { inputs: [f32(7, 5)], positional: [6] },
    { inputs: [f32(4, 3)], positional: [2], named: { return_sequences: true } },
  ],
  mean_pool: [{ inputs: [f32(9, 4)] }],
  multi_head_attention: [
    { inputs: [f32(6, 8)], positional: [2] },
    { inputs: [f32(5, 6)], positional: [2], named: { key_dim: 3 } },
  ],
  encoder: [
    { inputs: [f32(5, 8)], positional: [8], named: { heads: 2, ff: 16 } },
    { inputs: [f32(3, 12)], positional: [12, 3, 24], named: { activation: 'gelu', dropout: 0 } },
  ],
  concat: [
    { inputs: [f32(4), f32(6)] },
    { inputs: [f32(3, 4), f32(3, 2), f32(3, 1)] },
    { inputs: [f32(2, 4), f32(3, 4)], named: { axis: 0 } },
  ],
  add: [{ inputs: [f32(5), f32(5)] }, { inputs: [f32(2, 3), f32(2, 3), f32(2, 3)] }],
  multiply: [{ inputs: [f32(5), f32(5)] }],
  gated_fusion: [{ inputs: [f32(6), f32(10)], positional: [4] }],
  cross_attention: [
    { inputs: [f32(5, 8), f32(7, 6)], positional: [2] },
    { inputs: [f32(3, 4), f32(9, 10)], positional: [1], named: { key_dim: 5 } },
  ],
};
for (const a of activationEntries) cases[a.name] = [{ inputs: [f32(4, 3)] }, { inputs: [f32(6)] }];

const allLayerLike = [...layerEntries, ...activationEntries, ...mergeEntries];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('catalog layer entries agree with tf.js', () => {
  it('has test cases for every layer, activation and merge', () => {
    expect(allLayerLike.map((e) => e.name).filter((n) => !(n in cases))).toEqual([]);
  });

  for (const entry of allLayerLike) {
    cases[entry.name]?.forEach((c, i) => {
      it(`${entry.name} #${i + 1}`, () => {
        const args = bound(entry, c.positional, c.named);
        const predicted = inferShape(entry, c.inputs, args);
        if (isShapeProblem(predicted)) throw new Error(predicted.message);

        const inputs = c.inputs.map((t) => tfl.input({ shape: toTfShape(t).slice(1) as number[], dtype: t.dtype === 'i32' ? 'int32' : 'float32' }));
        const layer = entry.build(args, `${entry.name}_${i}`, c.inputs);
        const output = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tfl.SymbolicTensor;
        expect(output.shape).toEqual(toTfShape(predicted));
        expect(entry.paramCount(c.inputs, args)).toBe(layer.countParams());
        const flops = entry.flops(c.inputs, args);
        expect(flops === undefined || (Number.isFinite(flops) && flops >= 0)).toBe(true);

        // Running it gives tensors of the predicted shape too (custom layers' call()).
        const model = tfl.model({ inputs, outputs: output });
        const batch = c.inputs.map((t) =>
          t.dtype === 'i32' ? tf.zeros([2, ...(t.dims as number[])], 'int32') : tf.randomNormal([2, ...(t.dims as number[])]),
        );
        const y = model.predict(batch.length === 1 ? batch[0] : batch) as tf.Tensor;
        expect(y.shape).toEqual([2, ...(predicted.dims as number[])]);
        expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
        tf.dispose([y, ...batch]);
      });
    });
  }

  it('counts FLOPs of dense as two per multiply-add', () => {
    const dense = findLayer('dense')!;
    expect(dense.flops([f32(784)], bound(dense, [128]))).toBe(2 * 784 * 128);
  });
});
