// The training benchmark compares kiln with hand-written tf.js programs; that
// comparison is only fair if they are the same models. Each hand-written model
// must have the kiln-built model's parameters (weight by weight), input and
// output shapes, and the IR's parameter count.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadBenchModels, type BenchModels } from '../../bench/training.js';
import { selectBackend } from '../../src/runtime/backend/index.js';
import { buildModel, countParams } from '../../src/runtime/model/build.js';

let bench: BenchModels;

beforeAll(async () => {
  await selectBackend('cpu');
  bench = await loadBenchModels();
});

describe('the training benchmark’s models', () => {
  it('are the MLP, the digits CNN and the encoder block, with a forward FLOP count from the IR', () => {
    expect(bench.models.map((m) => m.key)).toEqual(['mlp', 'cnn', 'encoder']);
    for (const m of bench.models) expect(m.ir.flops).toBeGreaterThan(0);
    expect(bench.schedule.optimizer.op).toBe('adam');
  });

  for (const key of ['mlp', 'cnn', 'encoder'] as const) {
    it(`${key}: the hand-written model has the kiln-built model's weights and shapes`, async () => {
      const m = bench.models.find((x) => x.key === key)!;
      const kiln = await buildModel(m.ir, { baseDir: '.' });
      const hand = m.handWritten();
      try {
        expect(countParams(hand)).toEqual(countParams(kiln));
        expect(countParams(kiln).total).toBe(m.ir.params.total);
        const shapes = (model: typeof kiln) => model.weights.map((w) => w.shape.join('x'));
        expect(shapes(hand)).toEqual(shapes(kiln));
        expect(hand.inputs[0].shape).toEqual(kiln.inputs[0].shape);
        expect(hand.outputs[0].shape).toEqual(kiln.outputs[0].shape);
      } finally {
        kiln.dispose();
        hand.dispose();
      }
    });
  }

  it('build without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    for (const m of bench.models) m.handWritten().dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
