// Benchmarks Kiln's training loop against a hand-written stock tf.js program
// on the same backend, side by side in one run: the MLP 784-256-256-10 with
// dropout-free layers, adam, softmax cross-entropy, batch 128, on the same
// in-memory batches. "Kiln" is the runtime's step (gradients of the trainable
// variables, scheduled rate, seeded randomness, loss read back for the NaN
// check) built from IR; "stock" is model.trainOnBatch on a compiled model.
// Run alone with `node dist/bench/training.js [backend]`.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type BackendRequest } from '../src/runtime/backend/index.js';
import { buildModel } from '../src/runtime/model/build.js';
import { buildOptimizer } from '../src/runtime/train/optimizer.js';
import { SeededRandom } from '../src/runtime/train/seeded-random.js';
import { supervisedObjective, trainStep, trainableVariables } from '../src/runtime/train/step.js';
import { findEntry } from '../src/catalog/index.js';
import type { IrModel, IrNode, IrSchedule } from '../src/ir/types.js';

export interface TrainingBenchRow {
  name: string;
  examplesPerSec: number;
  note?: string;
}

const BATCH = 128;
const BATCHES = 8;

function dense(id: string, input: string, units: number, activation: string, inputs: number): IrNode {
  return { id, op: 'dense', args: { units, activation, use_bias: true }, inputs: [input], type: { dtype: 'f32', shape: [units] }, params: inputs * units + units, trainable: true };
}

const mlp: IrModel = {
  name: 'mlp',
  inputs: [{ name: 'image', type: { dtype: 'f32', shape: [784] } }],
  output: { dtype: 'f32', shape: [10] },
  nodes: [
    { id: 'image', op: 'input', args: {}, inputs: [], inputName: 'image', type: { dtype: 'f32', shape: [784] }, params: 0, trainable: true },
    dense('dense_1', 'image', 256, 'relu', 784),
    dense('dense_2', 'dense_1', 256, 'relu', 256),
    dense('dense_3', 'dense_2', 10, 'linear', 256),
  ],
  outputNode: 'dense_3',
  params: { total: 269_322, trainable: 269_322 },
  flops: 0,
};

const schedule: IrSchedule = {
  name: 'bench',
  optimizer: { op: 'adam', args: { lr: 1e-3 } },
  lr: [],
  epochs: 1,
  loss: { op: 'cross_entropy', args: { label_smoothing: 0 } },
  metrics: [],
};

function batches(): { x: tf.Tensor; y: tf.Tensor }[] {
  return Array.from({ length: BATCHES }, (_, i) => ({
    x: tf.randomUniform([BATCH, 784], 0, 1, 'float32', i + 1),
    y: tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', i + 100) as tf.Tensor1D, 10),
  }));
}

/** One pass over the batches, in examples per second. */
async function pass(step: (b: { x: tf.Tensor; y: tf.Tensor }) => Promise<void>, data: { x: tf.Tensor; y: tf.Tensor }[]): Promise<number> {
  const start = performance.now();
  for (const b of data) await step(b);
  return (data.length * BATCH) / ((performance.now() - start) / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchTraining(backend: BackendRequest = 'wasm', rounds = 7): Promise<TrainingBenchRow[]> {
  const choice = await selectBackend(backend);
  const data = batches();

  // Stock tf.js: the program one would write by hand.
  const stock = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  stock.compile({ optimizer: tf.train.adam(1e-3), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const stockStep = async (b: { x: tf.Tensor; y: tf.Tensor }) => {
    await stock.trainOnBatch(b.x, b.y);
  };

  // Kiln: the runtime's own step on the model built from IR.
  const rng = new SeededRandom(1);
  const model = await rng.runAsync(() => buildModel(mlp, { baseDir: '.' }));
  const optimizer = buildOptimizer(schedule);
  const loss = findEntry('cross_entropy', 'loss')!.build({ label_smoothing: 0 });
  const objective = supervisedObjective(model, ['image'], (batch) => batch.features['y'], loss);
  const variables = trainableVariables([model]);
  const kilnStep = async (b: { x: tf.Tensor; y: tf.Tensor }) => {
    const value = rng.run(() => trainStep({ size: BATCH, features: { image: b.x, y: b.y } }, objective, { optimizer, variables, lr: 1e-3 }));
    await value.data();
    value.dispose();
  };

  // Warm up both, then alternate passes so that load from other processes hits both alike.
  await pass(stockStep, data);
  await pass(kilnStep, data);
  const stockRates: number[] = [];
  const kilnRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    stockRates.push(await pass(stockStep, data));
    kilnRates.push(await pass(kilnStep, data));
  }
  const stockRate = median(stockRates);
  const kilnRate = median(kilnRates);
  stock.dispose();
  model.dispose();
  tf.dispose(data.flatMap((b) => [b.x, b.y]));

  const label = `MLP 784-256-256-10, batch ${BATCH}, adam, ${choice.name}`;
  return [
    { name: `${label}: stock tf.js trainOnBatch`, examplesPerSec: stockRate },
    { name: `${label}: kiln training loop`, examplesPerSec: kilnRate, note: `${(kilnRate / stockRate).toFixed(2)}x stock` },
  ];
}

export function formatTrainingRows(rows: TrainingBenchRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => `${r.name.padEnd(width)}  ${Math.round(r.examplesPerSec).toLocaleString('en-US').padStart(8)} ex/s  ${r.note ?? ''}`.trimEnd()).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const backend = (process.argv[2] ?? 'wasm') as BackendRequest;
  benchTraining(backend).then(
    (rows) => console.log(formatTrainingRows(rows)),
    (error: unknown) => {
      console.error(`training benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
