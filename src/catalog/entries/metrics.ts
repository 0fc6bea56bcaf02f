// Metrics, computed over a whole evaluation set (or a batch) with the same
// conventions as losses: logits in, one-hot class targets. A single-output
// model is a binary classifier: a logit above 0 predicts the positive class.

import type * as tf from '@tensorflow/tfjs-core';
import { tfCore } from '../../runtime/layers/index.js';
import type { TensorType } from '../../types/tensor.js';
import type { MetricEntry } from '../entry.js';
import { num } from '../rules.js';
import { checkBinary, checkCategorical, checkSameShape } from './losses.js';
import { Codes, shapeProblem } from '../problems.js';

function isBinaryOutput(p: TensorType): boolean {
  return p.dims.length === 0 || (p.dims.length === 1 && p.dims[0] === 1);
}

const checkClassifier = (callee: string) => (p: TensorType, t: TensorType) => (isBinaryOutput(p) ? checkBinary(callee, p, t) : checkCategorical(callee, p, t));

/** Predicted and true classes as one-hot [examples, classes] (binary: two columns). */
function oneHots(yTrue: tf.Tensor, yPred: tf.Tensor): { truth: tf.Tensor2D; predicted: tf.Tensor2D } {
  const tf = tfCore();
  const n = yPred.shape[yPred.shape.length - 1] ?? 1;
  if (yPred.rank <= 1 || n === 1) {
    const truth = tf.reshape(tf.greater(yTrue, 0.5), [-1]);
    const predicted = tf.reshape(tf.greater(yPred, 0), [-1]);
    const both = (t: tf.Tensor) => tf.oneHot(tf.cast(t, 'int32') as tf.Tensor1D, 2) as tf.Tensor2D;
    return { truth: tf.cast(both(truth), 'float32'), predicted: tf.cast(both(predicted), 'float32') };
  }
  const p2 = tf.reshape(yPred, [-1, n]);
  return { truth: tf.cast(tf.reshape(yTrue, [-1, n]), 'float32') as tf.Tensor2D, predicted: tf.cast(tf.oneHot(tf.argMax(p2, -1) as tf.Tensor1D, n), 'float32') as tf.Tensor2D };
}

/**
 * Per-class true positives and the predicted/actual counts. For binary
 * outputs only the positive class counts; otherwise scores are macro averages.
 */
function classCounts(yTrue: tf.Tensor, yPred: tf.Tensor): { tp: tf.Tensor1D; predicted: tf.Tensor1D; actual: tf.Tensor1D; binary: boolean } {
  const tf = tfCore();
  const binary = yPred.rank <= 1 || yPred.shape[yPred.shape.length - 1] === 1;
  const { truth, predicted } = oneHots(yTrue, yPred);
  const pick = (t: tf.Tensor1D) => (binary ? (tf.slice(t, [1], [1]) as tf.Tensor1D) : t);
  return {
    tp: pick(tf.sum(tf.mul(truth, predicted), 0) as tf.Tensor1D),
    predicted: pick(tf.sum(predicted, 0) as tf.Tensor1D),
    actual: pick(tf.sum(truth, 0) as tf.Tensor1D),
    binary,
  };
}

/** tp / d per class, 0 where d is 0 (the usual zero-division convention). */
function safeRatio(tp: tf.Tensor, d: tf.Tensor): tf.Tensor {
  const tf = tfCore();
  return tf.where(tf.greater(d, 0), tf.div(tp, tf.maximum(d, 1e-12)), tf.zerosLike(tp));
}

export const accuracy: MetricEntry = {
  name: 'accuracy',
  kind: 'metric',
  higherIsBetter: true,
  doc: 'Fraction of examples whose highest-scoring class is the true class (for one-output models, whose sign matches the label).',
  example: 'metrics [accuracy]',
  params: [],
  check: checkClassifier('accuracy'),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) =>
      tf.tidy(() => {
        const { truth, predicted } = oneHots(yTrue, yPred);
        return tf.mean(tf.sum(tf.mul(truth, predicted), -1)) as tf.Scalar;
      });
  },
};

export const topKAccuracy: MetricEntry = {
  name: 'top_k_accuracy',
  kind: 'metric',
  higherIsBetter: true,
  doc: 'Fraction of examples whose true class is among the `k` highest-scoring classes.',
  example: 'metrics [top_k_accuracy(k: 5)]',
  params: [{ name: 'k', type: 'int', required: false, default: 5, range: { min: 1 }, doc: 'How many top classes count as a hit.' }],
  check(p, t, args) {
    const problem = checkCategorical('top_k_accuracy', p, t);
    if (problem) return problem;
    const k = num(args, 'k') ?? 5;
    const n = p.dims[0];
    if (typeof n === 'number' && k >= n) {
      return shapeProblem(Codes.argumentCombination, { callee: 'top_k_accuracy', requirement: 'k smaller than the number of classes', found: `k ${k} and ${n} classes` }, { param: 'k' });
    }
    return undefined;
  },
  build: (args) => {
    const tf = tfCore();
    return (yTrue, yPred) =>
      tf.tidy(() => {
        const k = num(args, 'k') ?? 5;
        const trueScore = tf.sum(tf.mul(yTrue, yPred), -1, true);
        const better = tf.sum(tf.cast(tf.greater(yPred, trueScore), 'float32'), -1);
        return tf.mean(tf.cast(tf.less(better, k), 'float32')) as tf.Scalar;
      });
  },
};

function classScore(name: 'precision' | 'recall' | 'f1', doc: string): MetricEntry {
  return {
    name,
    kind: 'metric',
    higherIsBetter: true,
    doc,
    example: `metrics [accuracy, ${name}]`,
    params: [],
    check: checkClassifier(name),
    build: () => {
      const tf = tfCore();
      return (yTrue, yPred) =>
        tf.tidy(() => {
          const c = classCounts(yTrue, yPred);
          const precision = safeRatio(c.tp, c.predicted);
          const recall = safeRatio(c.tp, c.actual);
          const score = name === 'precision' ? precision : name === 'recall' ? recall : safeRatio(tf.mul(2, tf.mul(precision, recall)), tf.add(precision, recall));
          return tf.mean(score) as tf.Scalar;
        });
    },
  };
}

export const precision = classScore('precision', 'Of the examples predicted as a class, the fraction that truly are (positive class for one-output models; macro-averaged over classes otherwise).');
export const recall = classScore('recall', 'Of the examples of a class, the fraction predicted as it (positive class for one-output models; macro-averaged over classes otherwise).');
export const f1 = classScore('f1', 'Harmonic mean of precision and recall (positive class for one-output models; macro-averaged over classes otherwise).');

export const mseMetric: MetricEntry = {
  name: 'mse',
  kind: 'metric',
  higherIsBetter: false,
  doc: 'Mean squared error between outputs and targets.',
  example: 'metrics [mse]',
  params: [],
  check: (p, t) => checkSameShape('mse', p, t),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.tidy(() => tf.mean(tf.squaredDifference(tf.reshape(yTrue, yPred.shape), yPred)) as tf.Scalar);
  },
};

export const maeMetric: MetricEntry = {
  name: 'mae',
  kind: 'metric',
  higherIsBetter: false,
  doc: 'Mean absolute error between outputs and targets.',
  example: 'metrics [mae]',
  params: [],
  check: (p, t) => checkSameShape('mae', p, t),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.tidy(() => tf.mean(tf.abs(tf.sub(tf.reshape(yTrue, yPred.shape), yPred))) as tf.Scalar);
  },
};

export const metrics: MetricEntry[] = [accuracy, topKAccuracy, precision, recall, f1, mseMetric, maeMetric];
