// Models using Kiln's custom layers save in the tf.js Layers format and load
// back with tf.loadLayersModel, giving the same outputs.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../src/catalog/index.js';
import { f32, i32, type TensorType } from '../../src/types/tensor.js';
import { bound } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Applies catalog entry `name` to symbolic inputs, returning the output and its catalog type. */
function apply(name: string, inputs: { t: TensorType; s: tfl.SymbolicTensor }[], positional: unknown[] = [], named: Record<string, unknown> = {}) {
  const entry = findLayer(name)!;
  const args = bound(entry, positional, named);
  const types = inputs.map((i) => i.t);
  const t = entry.shape(types, args) as TensorType;
  const layer = entry.build(args, `${name}_${Math.random().toString(36).slice(2, 7)}`, types);
  const s = layer.apply(inputs.length === 1 ? inputs[0].s : inputs.map((i) => i.s)) as tfl.SymbolicTensor;
  return { t, s };
}

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('custom layers survive save and load', () => {
  it('a multimodal model with every custom layer predicts the same after loading', async () => {
    const text = { t: i32(6), s: tfl.input({ shape: [6], dtype: 'int32' }) };
    const image = { t: f32(4, 6), s: tfl.input({ shape: [4, 6] }) };
    let x = apply('embedding', [text], [20, 8]);
    x = apply('positional_embedding', [x]);
    x = apply('encoder', [x], [8], { heads: 2, ff: 16 });
    x = apply('multi_head_attention', [x], [2]);
    x = apply('cross_attention', [x, image], [2]);
    const pooled = apply('mean_pool', [x]);
    const imageVec = apply('mean_pool', [image]);
    const fused = apply('gated_fusion', [pooled, imageVec], [5]);
    const out = apply('dense', [fused], [3]);
    expect(out.t).toEqual(f32(3));

    const model = tfl.model({ inputs: [text.s, image.s], outputs: out.s });
    const tokens = tf.tensor2d([[1, 2, 3, 4, 5, 6], [7, 8, 9, 0, 0, 0]], [2, 6], 'int32');
    const pixels = tf.randomNormal([2, 4, 6]);
    const before = (model.predict([tokens, pixels]) as tf.Tensor).arraySync() as number[][];

    const loaded = await roundTrip(model);
    const after = (loaded.predict([tokens, pixels]) as tf.Tensor).arraySync() as number[][];
    expect(loaded.countParams()).toBe(model.countParams());
    after.flat().forEach((v, i) => expect(v).toBeCloseTo(before.flat()[i], 5));
    // The outputs depend on the input, so the comparison above is not trivially equal zeros.
    expect(new Set(before.flat().map((v) => v.toFixed(4))).size).toBeGreaterThan(1);
  });

  it('a recurrent model (orthogonal initialiser) loads again', async () => {
    const seq = { t: f32(5, 3), s: tfl.input({ shape: [5, 3] }) };
    const h = apply('lstm', [seq], [4], { return_sequences: true });
    const out = apply('gru', [h], [2]);
    const model = tfl.model({ inputs: seq.s, outputs: out.s });
    const x = tf.randomNormal([1, 5, 3]);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const loaded = await roundTrip(model);
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    Array.from(after).forEach((v, i) => expect(v).toBeCloseTo(before[i], 5));
  });
});
