// The fixed part of a generated program: the `Schedule` and `Task` types,
// the training loop and evaluation, written as a person would write them.
// It follows the runtime's loop (src/runtime/train/loop.ts, step.ts,
// evaluate.ts): the rate set every step, gradients clipped by their global
// norm, decoupled weight decay, seeded randomness, a NaN check, validation
// after every epoch and early stopping. Parts no schedule of the program
// uses (clipping, decay, early stopping) are left out.

import type { ScheduleFeatures } from './schedule.js';

export interface LoopFeatures extends ScheduleFeatures {
  /** Accuracy of a multi-class output is measured. */
  accuracy: boolean;
  /** Accuracy of a single-logit output is measured. */
  binaryAccuracy: boolean;
}

function when(flag: boolean, ...lines: string[]): string[] {
  return flag ? lines : [];
}

export function typesText(f: LoopFeatures): string {
  return [
    'type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;',
    'type Metric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;',
    '',
    '/** How a model is trained: what a `schedule` block says. */',
    'interface Schedule {',
    'epochs: number;',
    "/** Examples per step; default the data's `batch`. */",
    'batchSize?: number;',
    'optimizer: () => tf.Optimizer;',
    '/** The learning rate at a step (from 0) of a run of `totalSteps`. */',
    'learningRate: (step: number, totalSteps: number, stepsPerEpoch: number) => number;',
    'loss: Loss;',
    ...when(f.clipNorm, 'clipNorm?: number;'),
    ...when(f.weightDecay, 'weightDecay?: number;'),
    ...when(f.earlyStop, 'earlyStop?: { monitor: string; patience: number; minDelta: number; lowerIsBetter: boolean };'),
    '}',
    '',
    '/** What a model reads from a batch of its data, and what it learns to predict. */',
    'interface Task {',
    'inputs: (batch: Batch) => tf.Tensor | tf.Tensor[];',
    'target: (batch: Batch) => tf.Tensor;',
    '}',
  ].join('\n');
}

export function helpersText(f: LoopFeatures): string {
  return [
    ...when(
      f.fraction,
      '/** How far `step` is through a segment of `steps` steps, from 0 to 1. */',
      'function fraction(step: number, steps: number): number {',
      'return steps <= 1 ? 1 : Math.min(1, Math.max(0, step / (steps - 1)));',
      '}',
      '',
    ),
    '/** SGD and momentum keep the rate in a tensor; the other optimizers read a field at each step. */',
    'function setLearningRate(optimizer: tf.Optimizer, lr: number): void {',
    'const o = optimizer as tf.Optimizer & { setLearningRate?: (lr: number) => void; learningRate?: number };',
    "if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);",
    'else o.learningRate = lr;',
    '}',
    '',
    ...when(
      f.clipNorm,
      '/** Scales all gradients together so that their global L2 norm is at most `maxNorm`. */',
      'function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {',
      'return tf.tidy(() => {',
      'const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));',
      'const factor = tf.div(maxNorm, tf.maximum(norm, maxNorm));',
      'const clipped: tf.NamedTensorMap = {};',
      'for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, factor);',
      'return clipped;',
      '});',
      '}',
      '',
    ),
    ...when(
      f.accuracy,
      '/** Fraction of examples whose highest-scoring class is the true class. */',
      'function accuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {',
      'return tf.tidy(() => {',
      'const hits = tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1));',
      "return tf.mean(tf.cast(hits, 'float32')) as tf.Scalar;",
      '});',
      '}',
      '',
    ),
    ...when(
      f.binaryAccuracy,
      '/** Accuracy of a single-logit (yes/no) output: a logit above 0 predicts yes. */',
      'function binaryAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {',
      'return tf.tidy(() => {',
      'const hits = tf.equal(tf.greater(tf.reshape(yPred, [-1]), 0), tf.greater(tf.reshape(yTrue, [-1]), 0.5));',
      "return tf.mean(tf.cast(hits, 'float32')) as tf.Scalar;",
      '});',
      '}',
      '',
    ),
    'function formatValue(v: number): string {',
    'return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);',
    '}',
    '',
    '/** `test mlp  loss 0.2345  accuracy 0.9412` */',
    'function formatResults(title: string, values: Record<string, number>): string {',
    "return [title, ...Object.entries(values).map(([k, v]) => `${k} ${formatValue(v)}`)].join('  ');",
    '}',
  ].join('\n');
}

export function evaluateText(): string {
  return [
    '/** Loss and metrics of a model on one split, in inference mode (dropout off), over the whole split. */',
    'async function evaluate(',
    'model: tfl.LayersModel,',
    'data: PreparedData,',
    'split: SplitName,',
    'task: Task,',
    'loss: Loss | undefined,',
    'metrics: Record<string, Metric>,',
    '): Promise<Record<string, number>> {',
    'const predictions: tf.Tensor[] = [];',
    'const targets: tf.Tensor[] = [];',
    'for await (const examples of data.pipeline().pass({ split }).batches) {',
    'const batch = toBatch(examples, data.specs);',
    'predictions.push(tf.tidy(() => model.predict(task.inputs(batch)) as tf.Tensor));',
    'targets.push(tf.tidy(() => task.target(batch)));',
    'tf.dispose(Object.values(batch.features));',
    '}',
    'if (predictions.length === 0) return {};',
    'const yPred = tf.concat(predictions, 0);',
    'const yTrue = tf.concat(targets, 0);',
    'tf.dispose([...predictions, ...targets]);',
    'const results: Record<string, number> = {};',
    'const scores: [string, Metric][] = [...(loss ? ([[\'loss\', loss]] as [string, Metric][]) : []), ...Object.entries(metrics)];',
    'for (const [name, score] of scores) {',
    'const value = score(yTrue, yPred);',
    'results[name] = (await value.data())[0];',
    'value.dispose();',
    '}',
    'tf.dispose([yPred, yTrue]);',
    'return results;',
    '}',
  ].join('\n');
}

export function trainText(f: LoopFeatures): string {
  const step = [
    'const { value, grads } = tf.variableGrads(() => {',
    'const output = model.apply(task.inputs(batch), { training: true }) as tf.Tensor;',
    'return schedule.loss(task.target(batch), output);',
    '}, variables);',
    ...(f.clipNorm
      ? [
          'const applied = schedule.clipNorm ? clipByGlobalNorm(grads, schedule.clipNorm) : grads;',
          'optimizer.applyGradients(applied);',
          'tf.dispose(applied === grads ? grads : [...Object.values(grads), ...Object.values(applied)]);',
        ]
      : ['optimizer.applyGradients(grads);', 'tf.dispose(grads);']),
    ...when(
      f.weightDecay,
      'if (schedule.weightDecay) {',
      '// Decoupled decay (AdamW): kernels and embeddings shrink; biases and norm scales (rank 1) do not.',
      'const keep = 1 - lr * schedule.weightDecay;',
      'tf.tidy(() => {',
      'for (const v of variables) if (v.rank >= 2) v.assign(tf.mul(v, keep));',
      '});',
      '}',
    ),
    'return value;',
  ];
  return [
    '/**',
    ' * Trains `model` on the training split: per step, the rate from the schedule, the loss',
    ' * and its gradients in training mode, an optimizer step; per epoch, the validation split',
    ' * is evaluated and one line printed.',
    ' */',
    'async function train(',
    'model: tfl.LayersModel,',
    'data: PreparedData,',
    'schedule: Schedule,',
    'task: Task,',
    'metrics: Record<string, Metric>,',
    'random: SeededRandom,',
    '): Promise<void> {',
    'const batchSize = schedule.batchSize ?? data.batchSize;',
    'const stepsPerEpoch = Math.ceil(data.sizes.train / batchSize);',
    'const totalSteps = stepsPerEpoch * schedule.epochs;',
    'const optimizer = schedule.optimizer();',
    'const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);',
    ...when(
      f.earlyStop,
      'const early = schedule.earlyStop;',
      'let best: { value: number; epoch: number; weights: tf.Tensor[] } | undefined;',
      'let wait = 0;',
    ),
    'let step = 0;',
    'for (let epoch = 0; epoch < schedule.epochs; epoch++) {',
    'const started = performance.now();',
    'let lossSum = 0;',
    'let examples = 0;',
    'let lr = schedule.learningRate(step, totalSteps, stepsPerEpoch);',
    "for await (const rows of data.pipeline(batchSize).pass({ split: 'train', epoch }).batches) {",
    'const batch = toBatch(rows, data.specs);',
    'lr = schedule.learningRate(step, totalSteps, stepsPerEpoch);',
    'setLearningRate(optimizer, lr);',
    '// Dropout draws its seeds from Math.random: seeded here, a run is reproducible.',
    'const loss = random.run(() => {',
    ...step,
    '});',
    'tf.dispose(Object.values(batch.features));',
    'const value = (await loss.data())[0];',
    'loss.dispose();',
    'step++;',
    'if (!Number.isFinite(value)) {',
    'throw new Error(`the training loss became ${value} at step ${step} (epoch ${epoch + 1}); try a lower learning rate or clip_norm`);',
    '}',
    'lossSum += value * batch.size;',
    'examples += batch.size;',
    '}',
    'const record: Record<string, number> = { loss: lossSum / Math.max(1, examples) };',
    'if (data.sizes.val > 0) {',
    "const val = await evaluate(model, data, 'val', task, schedule.loss, metrics);",
    'for (const [name, value] of Object.entries(val)) record[`val_${name}`] = value;',
    '}',
    'const seconds = (performance.now() - started) / 1000;',
    'console.log(`${formatResults(`epoch ${epoch + 1}/${schedule.epochs}`, record)}  lr ${lr.toExponential(2)}  ${seconds.toFixed(1)} s`);',
    ...when(
      f.earlyStop,
      'if (early && record[early.monitor] !== undefined) {',
      'const current = record[early.monitor];',
      'const improved =',
      '!best || (early.lowerIsBetter ? current < best.value - early.minDelta : current > best.value + early.minDelta);',
      'if (improved) {',
      'tf.dispose(best?.weights);',
      'best = { value: current, epoch: epoch + 1, weights: model.getWeights().map((w) => tf.clone(w)) };',
      'wait = 0;',
      '} else if (++wait > early.patience) {',
      'model.setWeights(best!.weights);',
      'console.log(`stopped early: ${early.monitor} has not improved for ${wait} epochs; keeping the weights of epoch ${best!.epoch}`);',
      'break;',
      '}',
      '}',
    ),
    '}',
    ...when(f.earlyStop, 'tf.dispose(best?.weights);'),
    'optimizer.dispose();',
    '}',
  ].join('\n');
}
