// Experiment `digits_mlp` of examples/digits.kiln, as a standalone TensorFlow.js program.
// Written by `kiln compile --emit ts` from the spec's IR; edit it freely.
// Compile it with tsc (or use a TypeScript runner) and run it with Node 20 or later.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  isDataError,
  isRunError,
  prepareData,
  SeededRandom,
  selectBackend,
  toBatch,
  type Batch,
  type IrData,
  type PreparedData,
  type SplitName,
} from 'kiln/program';

// The spec's relative paths start from its folder; data is never read from outside the project.
const here = path.dirname(fileURLToPath(import.meta.url));
const where = {
  specDir: path.resolve(here, '../../examples'),
  projectRoot: path.resolve(here, '../..'),
};

// data digits: mnist(), split 0.8/0.1/0.1, seed 7, batch 128, shuffle 10000
//   image: f32[28, 28, 1] = pixels |> scale(factor: 0.00392156862745098)
//   label: class[10] = digit (label)
// Kiln's data pipeline reads, validates, splits, transforms, shuffles and batches it.
const digits: IrData = {
  name: 'digits',
  source: { op: 'mnist', args: {} },
  fields: [
    { name: 'pixels', type: 'image[28, 28, 1]', optional: false },
    { name: 'digit', type: 'int', optional: false },
  ],
  clean: [],
  features: [
    {
      name: 'image',
      type: { dtype: 'f32', shape: [28, 28, 1] },
      from: 'pixels',
      transforms: [{ op: 'scale', args: { factor: 0.00392156862745098 } }],
      label: false,
    },
    {
      name: 'label',
      type: { dtype: 'i32', shape: [], classes: 10 },
      from: 'digit',
      transforms: [],
      label: true,
    },
  ],
  augment: [],
  split: { train: 0.8, val: 0.1, test: 0.1 },
  seed: 7,
  batch: 128,
  shuffle: 10000,
  on_error: 'stop',
};

/** model mlp(image: f32[28, 28, 1]) -> f32[10]: 269,322 parameters, 537,600 FLOPs per example. */
function buildMlp(): tfl.LayersModel {
  // input image: f32[28, 28, 1]
  const image = tfl.input({ name: 'image', shape: [28, 28, 1], dtype: 'float32' });
  // flatten() → f32[784], digits.kiln:23:12
  const flatten = tfl.layers.flatten({ name: 'flatten' }).apply(image) as tfl.SymbolicTensor;
  // dense(units: 256, activation: relu, use_bias: true) → f32[256], digits.kiln:19:3
  const mlpHeadDense = tfl.layers
    .dense({ name: 'mlp_head/dense', units: 256, activation: 'relu', useBias: true })
    .apply(flatten) as tfl.SymbolicTensor;
  // dropout(rate: 0.2) → f32[256], digits.kiln:19:37
  const mlpHeadDropout = tfl.layers
    .dropout({ name: 'mlp_head/dropout', rate: 0.2 })
    .apply(mlpHeadDense) as tfl.SymbolicTensor;
  // dense(units: 256, activation: relu, use_bias: true) → f32[256], digits.kiln:19:3
  const mlpHead1Dense = tfl.layers
    .dense({ name: 'mlp_head_1/dense', units: 256, activation: 'relu', useBias: true })
    .apply(mlpHeadDropout) as tfl.SymbolicTensor;
  // dropout(rate: 0.2) → f32[256], digits.kiln:19:37
  const mlpHead1Dropout = tfl.layers
    .dropout({ name: 'mlp_head_1/dropout', rate: 0.2 })
    .apply(mlpHead1Dense) as tfl.SymbolicTensor;
  // dense(units: 10, activation: linear, use_bias: true) → f32[10], digits.kiln:23:59
  const dense = tfl.layers
    .dense({ name: 'dense', units: 10, activation: 'linear', useBias: true })
    .apply(mlpHead1Dropout) as tfl.SymbolicTensor;
  return tfl.model({ name: 'mlp', inputs: [image], outputs: dense });
}

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
type Metric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** How a model is trained: what a `schedule` block says. */
interface Schedule {
  epochs: number;
  /** Examples per step; default the data's `batch`. */
  batchSize?: number;
  optimizer: () => tf.Optimizer;
  /** The learning rate at a step (from 0) of a run of `totalSteps`. */
  learningRate: (step: number, totalSteps: number, stepsPerEpoch: number) => number;
  loss: Loss;
}

/** What a model reads from a batch of its data, and what it learns to predict. */
interface Task {
  inputs: (batch: Batch) => tf.Tensor | tf.Tensor[];
  target: (batch: Batch) => tf.Tensor;
}

/** lr warmup(duration: 100 steps, from: 0) then cosine(to: 0.00001), from the optimizer's rate 0.002. */
function fastLearningRate(step: number, totalSteps: number, stepsPerEpoch: number): number {
  const base = 0.002;
  step = Math.min(step, Math.max(0, totalSteps - 1));
  // warmup(duration: 100 steps, from: 0)
  const warmupSteps = Math.min(totalSteps, 100);
  if (step < warmupSteps) {
    return base * Math.min(1, (step + 1) / 100);
  }
  // then cosine(to: 0.00001): the rest of the run
  const cosineSteps = totalSteps - warmupSteps;
  return (
    0.00001 +
    (base - 0.00001) * 0.5 * (1 + Math.cos(Math.PI * fraction(step - warmupSteps, cosineSteps)))
  );
}

/** schedule fast: 8 epochs. */
const fast: Schedule = {
  epochs: 8,
  // optimizer adam(lr: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
  optimizer: () => tf.train.adam(0.002, 0.9, 0.999, 1e-7),
  learningRate: fastLearningRate,
  // loss cross_entropy(label_smoothing: 0.05)
  loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred, undefined, 0.05) as tf.Scalar,
};

/** mlp on digits: reads `image`, predicts `label` (class[10], one-hot). */
const mlpOnDigits: Task = {
  inputs: (batch) => batch.features.image,
  target: (batch) =>
    tf.cast(
      tf.oneHot(tf.cast(tf.reshape(batch.features.label, [-1]), 'int32') as tf.Tensor1D, 10),
      'float32',
    ),
};

/** How far `step` is through a segment of `steps` steps, from 0 to 1. */
function fraction(step: number, steps: number): number {
  return steps <= 1 ? 1 : Math.min(1, Math.max(0, step / (steps - 1)));
}

/** SGD and momentum keep the rate in a tensor; the other optimizers read a field at each step. */
function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as tf.Optimizer & {
    setLearningRate?: (lr: number) => void;
    learningRate?: number;
  };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** Fraction of examples whose highest-scoring class is the true class. */
function accuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const hits = tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1));
    return tf.mean(tf.cast(hits, 'float32')) as tf.Scalar;
  });
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

/** `test mlp  loss 0.2345  accuracy 0.9412` */
function formatResults(title: string, values: Record<string, number>): string {
  return [title, ...Object.entries(values).map(([k, v]) => `${k} ${formatValue(v)}`)].join('  ');
}

/** Loss and metrics of a model on one split, in inference mode (dropout off), over the whole split. */
async function evaluate(
  model: tfl.LayersModel,
  data: PreparedData,
  split: SplitName,
  task: Task,
  loss: Loss | undefined,
  metrics: Record<string, Metric>,
): Promise<Record<string, number>> {
  const predictions: tf.Tensor[] = [];
  const targets: tf.Tensor[] = [];
  for await (const examples of data.pipeline().pass({ split }).batches) {
    const batch = toBatch(examples, data.specs);
    predictions.push(tf.tidy(() => model.predict(task.inputs(batch)) as tf.Tensor));
    targets.push(tf.tidy(() => task.target(batch)));
    tf.dispose(Object.values(batch.features));
  }
  if (predictions.length === 0) return {};
  const yPred = tf.concat(predictions, 0);
  const yTrue = tf.concat(targets, 0);
  tf.dispose([...predictions, ...targets]);
  const results: Record<string, number> = {};
  const scores: [string, Metric][] = [
    ...(loss ? ([['loss', loss]] as [string, Metric][]) : []),
    ...Object.entries(metrics),
  ];
  for (const [name, score] of scores) {
    const value = score(yTrue, yPred);
    results[name] = (await value.data())[0];
    value.dispose();
  }
  tf.dispose([yPred, yTrue]);
  return results;
}

/**
 * Trains `model` on the training split: per step, the rate from the schedule, the loss
 * and its gradients in training mode, an optimizer step; per epoch, the validation split
 * is evaluated and one line printed.
 */
async function train(
  model: tfl.LayersModel,
  data: PreparedData,
  schedule: Schedule,
  task: Task,
  metrics: Record<string, Metric>,
  random: SeededRandom,
): Promise<void> {
  const batchSize = schedule.batchSize ?? data.batchSize;
  const stepsPerEpoch = Math.ceil(data.sizes.train / batchSize);
  const totalSteps = stepsPerEpoch * schedule.epochs;
  const optimizer = schedule.optimizer();
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let step = 0;
  for (let epoch = 0; epoch < schedule.epochs; epoch++) {
    const started = performance.now();
    let lossSum = 0;
    let examples = 0;
    let lr = schedule.learningRate(step, totalSteps, stepsPerEpoch);
    for await (const rows of data.pipeline(batchSize).pass({ split: 'train', epoch }).batches) {
      const batch = toBatch(rows, data.specs);
      lr = schedule.learningRate(step, totalSteps, stepsPerEpoch);
      setLearningRate(optimizer, lr);
      // Dropout draws its seeds from Math.random: seeded here, a run is reproducible.
      const loss = random.run(() => {
        const { value, grads } = tf.variableGrads(() => {
          const output = model.apply(task.inputs(batch), { training: true }) as tf.Tensor;
          return schedule.loss(task.target(batch), output);
        }, variables);
        optimizer.applyGradients(grads);
        tf.dispose(grads);
        return value;
      });
      tf.dispose(Object.values(batch.features));
      const value = (await loss.data())[0];
      loss.dispose();
      step++;
      if (!Number.isFinite(value)) {
        throw new Error(
          `the training loss became ${value} at step ${step} (epoch ${epoch + 1}); try a lower learning rate or clip_norm`,
        );
      }
      lossSum += value * batch.size;
      examples += batch.size;
    }
    const record: Record<string, number> = { loss: lossSum / Math.max(1, examples) };
    if (data.sizes.val > 0) {
      const val = await evaluate(model, data, 'val', task, schedule.loss, metrics);
      for (const [name, value] of Object.entries(val)) record[`val_${name}`] = value;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${formatResults(`epoch ${epoch + 1}/${schedule.epochs}`, record)}  lr ${lr.toExponential(2)}  ${seconds.toFixed(1)} s`,
    );
  }
  optimizer.dispose();
}

/** experiment digits_mlp: its steps, in order. */
async function main(): Promise<void> {
  const backend = await selectBackend('auto'); // 'wasm' or 'cpu' to choose
  console.log(`backend ${backend.reason}`);
  // experiment digits_mlp: seed 42; weight initialisers draw from Math.random, seeded by it
  const random = new SeededRandom(42);
  const digitsData = await prepareData(digits, where);
  console.log(
    `data digits: ${digitsData.sizes.train} train / ${digitsData.sizes.val} val / ${digitsData.sizes.test} test`,
  );
  const mlp = random.run(() => buildMlp());
  // train mlp on digits with fast
  await train(mlp, digitsData, fast, mlpOnDigits, { accuracy }, random);
  // evaluate mlp on digits.test metrics [accuracy]
  const mlpTest = await evaluate(mlp, digitsData, 'test', mlpOnDigits, fast.loss, { accuracy });
  console.log(formatResults('test mlp', mlpTest));
}

main().catch((error: unknown) => {
  // Kiln's errors (bad data, a missing file) are messages for the user; anything else is a bug.
  if (isRunError(error) || isDataError(error)) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
});
