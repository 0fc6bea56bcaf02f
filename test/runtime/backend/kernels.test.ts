// Kiln's wasm kernels against the cpu backend: each kernel on random inputs
// over several shapes, strides and paddings, gradients through tf.grad, tiny
// layers models that must train on wasm, no leaked tensors, and the cpu
// fallback for kernels wasm lacks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  cpuDelegatedKernels,
  selectBackend,
  setFallbackNoticeSink,
} from '../../../src/runtime/backend/index.js';

const TOLERANCE = 1e-4;

/** Seeded uniform values in [-1, 1). */
function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
}

interface Result {
  shape: number[];
  values: Float32Array | Int32Array | Uint8Array;
}

/** Runs `compute` on one backend; tensors are made inside, so nothing crosses backends. */
async function runOn(backend: 'wasm' | 'cpu', compute: () => tf.Tensor | tf.Tensor[]): Promise<Result[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const results = list.map((t) => ({ shape: t.shape, values: t.dataSync() as Result['values'] }));
  tf.dispose(list);
  await tf.setBackend('wasm');
  return results;
}

function maxAbsDifference(a: Result['values'], b: Result['values']): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Asserts wasm and cpu agree within TOLERANCE, and that wasm leaks nothing. */
async function expectWasmMatchesCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const expected = await runOn('cpu', compute);
  const before = tf.memory();
  const actual = await runOn('wasm', compute);
  const after = tf.memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numDataBuffers).toBe(before.numDataBuffers);
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(actual[i].shape).toEqual(expected[i].shape);
    expect(actual[i].values.length).toBe(expected[i].values.length);
    expect(maxAbsDifference(actual[i].values, expected[i].values)).toBeLessThanOrEqual(TOLERANCE);
  }
}

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

function conv2dOutShape(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  depthwise = false,
  dataFormat: 'channelsLast' | 'channelsFirst' = 'channelsLast',
): number[] {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, undefined, depthwise, dataFormat)
    .outShape;
}

beforeAll(async () => {
  const choice = await selectBackend('wasm', { production: false });
  expect(choice.name).toBe('wasm');
});

describe('selectBackend', () => {
  it('explains the automatic choice', async () => {
    let tfjsNodeLoads = true;
    try {
      const name = '@tensorflow/tfjs-node';
      await import(name);
    } catch {
      tfjsNodeLoads = false;
    }
    const choice = await selectBackend('auto', { production: false });
    if (!tfjsNodeLoads) {
      expect(choice.name).toBe('wasm');
      expect(choice.reason).toMatch(/^wasm \((no )?SIMD, \d+ threads?\): tfjs-node is not installed$/);
      const fallback = await selectBackend('tensorflow', { production: false });
      expect(fallback.name).toBe('wasm');
      expect(fallback.fellBack).toBe(true);
      expect(fallback.reason).toContain('tensorflow was requested but tfjs-node is not installed');
    }
    const cpu = await selectBackend('cpu', { production: false });
    expect(cpu).toMatchObject({ name: 'cpu', reason: 'cpu: requested', fellBack: false });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await selectBackend('wasm', { production: false });
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('Conv2DBackpropFilter', () => {
  const cases: {
    x: [number, number, number, number];
    filter: [number, number, number, number];
    strides: number | [number, number];
    pad: Pad;
  }[] = [
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
    { x: [2, 10, 10, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'same' },
    { x: [1, 8, 7, 2], filter: [2, 3, 2, 5], strides: [2, 1], pad: 'same' },
    { x: [3, 6, 6, 1], filter: [5, 5, 1, 3], strides: 1, pad: 'same' },
    { x: [2, 5, 5, 20], filter: [1, 1, 20, 7], strides: 2, pad: 'valid' },
    { x: [1, 7, 6, 3], filter: [3, 2, 3, 2], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    // Rows and columns the layer never reads (cropped before the conv).
    { x: [2, 10, 10, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'valid' },
    { x: [2, 6, 7, 3], filter: [1, 1, 3, 4], strides: [2, 3], pad: 'valid' },
    { x: [2, 8, 8, 2], filter: [3, 3, 2, 2], strides: 3, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  ];
  for (const { x, filter, strides, pad } of cases) {
    it(`x ${x} filter ${filter} strides ${strides} pad ${JSON.stringify(pad)}`, async () => {
      const dyShape = conv2dOutShape(x, filter, strides, pad);
      await expectWasmMatchesCpu(() =>
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: randomTensor(x, 1), dy: randomTensor(dyShape, 2) },
          { strides, pad, dataFormat: 'NHWC', filterShape: filter },
        ) as tf.Tensor,
      );
    });
  }

  it('reads channels-first data', async () => {
    const x: [number, number, number, number] = [2, 3, 8, 8];
    const filter: [number, number, number, number] = [3, 3, 3, 4];
    const dyShape = conv2dOutShape(x, filter, 2, 'same', false, 'channelsFirst');
    await expectWasmMatchesCpu(() =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: randomTensor(x, 3), dy: randomTensor(dyShape, 4) },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: filter },
      ) as tf.Tensor,
    );
  });
});

describe('Conv2DBackpropInput', () => {
  const cases: {
    x: [number, number, number, number];
    filter: [number, number, number, number];
    strides: number | [number, number];
    pad: Pad;
  }[] = [
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
    { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
    { x: [2, 10, 10, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'same' },
    { x: [2, 10, 10, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'valid' },
    { x: [1, 8, 7, 2], filter: [2, 3, 2, 5], strides: [2, 1], pad: 'same' },
    { x: [3, 6, 6, 4], filter: [5, 5, 4, 1], strides: 1, pad: 'same' },
    { x: [2, 5, 5, 20], filter: [1, 1, 20, 7], strides: 2, pad: 'valid' },
    { x: [1, 7, 6, 3], filter: [3, 2, 3, 2], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    // Padding wider than the filter: the stock kernel computes it.
    { x: [1, 5, 5, 2], filter: [2, 2, 2, 3], strides: 1, pad: [[0, 0], [3, 0], [0, 2], [0, 0]] },
  ];
  for (const { x, filter, strides, pad } of cases) {
    it(`x ${x} filter ${filter} strides ${strides} pad ${JSON.stringify(pad)}`, async () => {
      const dyShape = conv2dOutShape(x, filter, strides, pad);
      await expectWasmMatchesCpu(() =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: randomTensor(dyShape, 41), filter: randomTensor(filter, 42) },
          { strides, pad, dataFormat: 'NHWC', inputShape: x },
        ) as tf.Tensor,
      );
    });
  }

  it('reads and writes channels-first data', async () => {
    const x: [number, number, number, number] = [2, 3, 8, 8];
    const filter: [number, number, number, number] = [3, 3, 3, 4];
    const dyShape = conv2dOutShape(x, filter, 2, 'same', false, 'channelsFirst');
    await expectWasmMatchesCpu(() =>
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: randomTensor(dyShape, 43), filter: randomTensor(filter, 44) },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: x },
      ) as tf.Tensor,
    );
  });
});

describe('MaxPoolGrad', () => {
  const cases: { x: [number, number, number, number]; size: number | [number, number]; strides: number | [number, number]; pad: Pad }[] = [
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [2, 9, 9, 3], size: 2, strides: 2, pad: 'same' },
    { x: [2, 9, 9, 4], size: 3, strides: 2, pad: 'valid' },
    { x: [1, 7, 8, 2], size: [3, 2], strides: [1, 2], pad: 'same' },
    { x: [3, 5, 5, 1], size: 3, strides: 1, pad: 'same' },
  ];
  for (const { x, size, strides, pad } of cases) {
    it(`x ${x} size ${size} strides ${strides} ${JSON.stringify(pad)}`, async () => {
      await expectWasmMatchesCpu(() => {
        const input = randomTensor(x, 45);
        const dy = randomTensor(tf.maxPool(input as tf.Tensor4D, size, strides, pad as 'same').shape, 46);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, size, strides, pad as 'same'), dy)))(input);
      });
    });
  }

  it('gives a tie to the first largest value of the window, as cpu does', async () => {
    await expectWasmMatchesCpu(() => {
      // After a relu, whole windows are zero.
      const input = tf.relu(randomTensor([2, 6, 6, 3], 47));
      const dy = randomTensor([2, 3, 3, 3], 48);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dy)))(input);
    });
  });
});

describe('depthwise conv gradients', () => {
  const cases: {
    x: [number, number, number, number];
    filter: [number, number, number, number];
    strides: number;
    pad: Pad;
  }[] = [
    { x: [2, 8, 8, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same' },
    { x: [2, 9, 9, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'valid' },
    { x: [1, 7, 7, 4], filter: [2, 2, 4, 3], strides: 2, pad: 'same' },
  ];
  for (const { x, filter, strides, pad } of cases) {
    const dyShape = conv2dOutShape(x, filter, strides, pad, true);
    it(`filter gradient: x ${x} filter ${filter} strides ${strides} ${pad}`, async () => {
      await expectWasmMatchesCpu(() =>
        tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x: randomTensor(x, 7), dy: randomTensor(dyShape, 8) },
          { strides, dilations: 1, pad, filterShape: filter },
        ) as tf.Tensor,
      );
    });
    it(`input gradient: x ${x} filter ${filter} strides ${strides} ${pad}`, async () => {
      await expectWasmMatchesCpu(() =>
        tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: randomTensor(dyShape, 9), filter: randomTensor(filter, 10) },
          { strides, dilations: 1, pad, inputShape: x },
        ) as tf.Tensor,
      );
    });
  }
});

describe('UnsortedSegmentSum', () => {
  it('sums float rows, dropping ids out of range', async () => {
    await expectWasmMatchesCpu(() =>
      tf.unsortedSegmentSum(randomTensor([8, 3], 11), tf.tensor1d([0, 4, 4, -1, 2, 5, 0, 1], 'int32'), 5),
    );
  });
  it('sums rank-3 values', async () => {
    await expectWasmMatchesCpu(() =>
      tf.unsortedSegmentSum(randomTensor([6, 2, 3], 12), tf.tensor1d([3, 1, 3, 0, 0, 3], 'int32'), 4),
    );
  });
  it('sums int32 values', async () => {
    await expectWasmMatchesCpu(() =>
      tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 3),
    );
  });
});

describe('transposed matmul', () => {
  const shapes: [number[], number[]][] = [
    [[7, 5], [5, 6]],
    [[3, 4, 5], [3, 5, 2]],
    [[2, 2, 3, 4], [2, 2, 4, 6]],
    [[1, 64], [64, 33]],
  ];
  const flips: [boolean, boolean][] = [
    [true, false],
    [false, true],
    [true, true],
  ];
  const transposed = (shape: number[], flip: boolean): number[] =>
    flip ? [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]] : shape;

  for (const [aShape, bShape] of shapes) {
    for (const [ta, tb] of flips) {
      it(`BatchMatMul ${aShape} x ${bShape}, transposeA ${ta}, transposeB ${tb}`, async () => {
        await expectWasmMatchesCpu(() =>
          tf.matMul(randomTensor(transposed(aShape, ta), 13), randomTensor(transposed(bShape, tb), 14), ta, tb),
        );
      });
    }
  }

  for (const [ta, tb] of flips) {
    for (const activation of ['linear', 'relu', 'leakyrelu'] as const) {
      it(`_FusedMatMul with bias, ${activation}, transposeA ${ta}, transposeB ${tb}`, async () => {
        await expectWasmMatchesCpu(() =>
          tf.fused.matMul({
            a: randomTensor(ta ? [6, 9] : [9, 6], 15),
            b: randomTensor(tb ? [4, 6] : [6, 4], 16),
            transposeA: ta,
            transposeB: tb,
            bias: randomTensor([4], 17),
            activation,
            leakyreluAlpha: 0.2,
          }),
        );
      });
    }
  }
});

describe('gradients through tf.grad', () => {
  for (const [strides, pad] of [
    [1, 'same'],
    [2, 'valid'],
    [2, 'same'],
  ] as const) {
    it(`conv2d, strides ${strides}, ${pad}`, async () => {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor([2, 9, 9, 3], 20);
        const w = randomTensor([3, 3, 3, 4], 21);
        const dy = randomTensor(conv2dOutShape([2, 9, 9, 3], [3, 3, 3, 4], strides, pad), 22);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad), dy));
        return tf.grads(f)([x, w]);
      });
    });
    it(`depthwiseConv2d, strides ${strides}, ${pad}`, async () => {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor([2, 8, 8, 3], 23);
        const w = randomTensor([3, 3, 3, 2], 24);
        const dy = randomTensor(conv2dOutShape([2, 8, 8, 3], [3, 3, 3, 2], strides, pad, true), 25);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad), dy));
        return tf.grads(f)([x, w]);
      });
    });
  }

  it('gather (an embedding lookup)', async () => {
    await expectWasmMatchesCpu(() => {
      const table = randomTensor([12, 5], 26);
      const ids = tf.tensor2d([1, 3, 3, 11, 0, 1], [2, 3], 'int32');
      const dy = randomTensor([2, 3, 5], 27);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), dy)))(table);
    });
  });

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matMul, transposeA ${ta}, transposeB ${tb}`, async () => {
      await expectWasmMatchesCpu(() => {
        const a = randomTensor(ta ? [6, 4] : [4, 6], 28);
        const b = randomTensor(tb ? [5, 6] : [6, 5], 29);
        const dy = randomTensor([4, 5], 30);
        return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), dy)))([a, b]);
      });
    });
  }
});

/** Trains `model` on one fixed batch and returns the first and last losses. */
async function trainLosses(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = await model.trainOnBatch(x, y);
    losses.push(Array.isArray(loss) ? loss[0] : loss);
  }
  return [losses[0], losses[losses.length - 1]];
}

describe('training on wasm', () => {
  it('trains a tiny conv model (conv2d, max pool, depthwise conv, dense) without the cpu fallback', async () => {
    await tf.setBackend('wasm');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', strides: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = randomTensor([16, 8, 8, 1], 31);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0], 'int32'), 2);
    const before = new Set(cpuDelegatedKernels());
    const [first, last] = await trainLosses(model, x, labels, 15);
    expect(last).toBeLessThan(first);
    for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
      expect(before.has(name)).toBe(false);
    }
    expect(tf.getBackend()).toBe('wasm');
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('trains an embedding model', async () => {
    await tf.setBackend('wasm');
    const model = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 5 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const ids = tf.tensor2d(
      Array.from({ length: 40 }, (_, i) => (i * 7) % 20),
      [8, 5],
      'int32',
    );
    const targets = randomTensor([8, 1], 32);
    const [first, last] = await trainLosses(model, ids, targets, 20);
    expect(last).toBeLessThan(first);
    tf.dispose([ids, targets]);
    model.dispose();
  });
});

describe('cpu fallback', () => {
  it('runs a kernel wasm lacks on cpu, with one notice naming it', async () => {
    const notices: string[] = [];
    setFallbackNoticeSink((message) => notices.push(message));
    try {
      expect(tf.getKernel('Einsum', 'wasm')).toBeDefined();
      expect(cpuDelegatedKernels()).toContain('Einsum');
      await expectWasmMatchesCpu(() => tf.einsum('ij,kj->ik', randomTensor([4, 3], 33), randomTensor([5, 3], 34)));
      await expectWasmMatchesCpu(() => tf.einsum('bij,bjk->bik', randomTensor([2, 4, 3], 35), randomTensor([2, 3, 2], 36)));
      expect(notices.filter((n) => n.includes('Einsum'))).toHaveLength(1);
      expect(notices[0]).toMatch(/no Einsum kernel; running it on the cpu backend/);
    } finally {
      setFallbackNoticeSink(undefined);
    }
  });

  it('carries int32 outputs and several outputs back to wasm', async () => {
    setFallbackNoticeSink(() => {});
    try {
      await expectWasmMatchesCpu(() => {
        const [nestedSplits, dense] = tf.engine().runKernel(
          'RaggedRange',
          { starts: tf.tensor1d([0, 5], 'int32'), limits: tf.tensor1d([3, 9], 'int32'), deltas: tf.tensor1d([1, 2], 'int32') },
          {},
        ) as tf.Tensor[];
        return [nestedSplits, dense];
      });
    } finally {
      setFallbackNoticeSink(undefined);
    }
  });
});
