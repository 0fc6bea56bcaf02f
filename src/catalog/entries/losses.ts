// Losses. Conventions shared with the runtime: models output raw scores
// (logits); class-label targets arrive one-hot encoded ([batch, classes]);
// binary targets arrive as 0/1 floats shaped like the prediction.

import type * as tf from '@tensorflow/tfjs-core';
import { tfCore } from '../../runtime/layers/index.js';
import { literalDim } from '../../types/dims.js';
import { dimsConflict, formatType, type TensorType } from '../../types/tensor.js';
import type { ArgValues } from '../../types/values.js';
import type { LossEntry, ShapeProblem } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { lastDim, num } from '../rules.js';

/** Checks a class-probability output against its target: `f32[n]` against `class[n]` or `f32[n]`. */
export function checkCategorical(callee: string, prediction: TensorType, target: TensorType): ShapeProblem | undefined {
  if (prediction.dtype !== 'f32' || prediction.dims.length !== 1) {
    return shapeProblem(Codes.inputRank, { callee, expected: 'a model output of rank 1 (f32[classes])', found: formatType(prediction) }, { input: 0 });
  }
  const n = lastDim(prediction);
  const classes = target.classes ?? (target.dtype === 'f32' && target.dims.length === 1 ? target.dims[0] : undefined);
  if (classes === undefined) {
    return shapeProblem(Codes.inputDtype, { callee, expected: `a class label or f32[${String(n)}] target`, found: formatType(target) }, { input: 1 });
  }
  if (dimsConflict(n, classes)) {
    return shapeProblem(
      Codes.inputDimension,
      { callee, expected: `a model output with one score per class (f32[${classes}])`, found: `${formatType(prediction)} for target ${formatType(target)}` },
      { input: 0, help: `make the last layer \`dense(${classes})\`` },
    );
  }
  return undefined;
}

/** A single-logit output against a binary target: f32[] / f32[1] against bool, class[2] or f32 of the same shape. */
export function checkBinary(callee: string, prediction: TensorType, target: TensorType): ShapeProblem | undefined {
  const single = prediction.dtype === 'f32' && (prediction.dims.length === 0 || (prediction.dims.length === 1 && literalDim(prediction.dims[0]) === 1));
  if (!single) {
    return shapeProblem(Codes.inputDimension, { callee, expected: 'a single-score model output (f32[1])', found: formatType(prediction) }, { input: 0, help: 'make the last layer `dense(1)`, or use `cross_entropy` for several classes' });
  }
  const ok = target.dtype === 'bool' || target.classes === 2 || (target.dtype === 'f32' && target.dims.length <= 1);
  if (!ok) return shapeProblem(Codes.inputDtype, { callee, expected: 'a bool, class[2] or f32 target', found: formatType(target) }, { input: 1 });
  return undefined;
}

/** Regression: the output and target are floats of the same shape. */
export function checkSameShape(callee: string, prediction: TensorType, target: TensorType): ShapeProblem | undefined {
  if (target.dtype === 'string' || target.classes !== undefined) {
    return shapeProblem(Codes.inputDtype, { callee, expected: 'a numeric target', found: formatType(target) }, { input: 1, help: 'class labels need `cross_entropy`' });
  }
  const sameRank = prediction.dims.length === target.dims.length;
  const scalarVsOne = Math.abs(prediction.dims.length - target.dims.length) === 1 && [...prediction.dims, ...target.dims].every((d) => d === 1);
  if ((!sameRank && !scalarVsOne) || (sameRank && prediction.dims.some((d, i) => dimsConflict(d, target.dims[i])))) {
    return shapeProblem(Codes.inputDimension, { callee, expected: `a model output shaped like its target ${formatType(target)}`, found: formatType(prediction) }, { input: 0 });
  }
  return undefined;
}

const smoothing = { name: 'label_smoothing', type: 'float', required: false, default: 0, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Moves this much probability mass from the true class evenly to all classes.' } as const;

export const crossEntropy: LossEntry = {
  name: 'cross_entropy',
  kind: 'loss',
  doc: 'Softmax cross-entropy for classification into n classes: the model outputs n scores (logits), the target is a `class[n]` label (or a distribution `f32[n]`).',
  example: 'loss cross_entropy(label_smoothing: 0.1)',
  params: [{ ...smoothing }],
  check: (p, t) => checkCategorical('cross_entropy', p, t),
  build: (args) => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred, undefined, num(args, 'label_smoothing') ?? 0) as tf.Scalar;
  },
};

export const binaryCrossEntropy: LossEntry = {
  name: 'binary_cross_entropy',
  kind: 'loss',
  doc: 'Sigmoid cross-entropy for yes/no targets: the model outputs one score (a logit), the target is `bool`, `class[2]` or a probability.',
  example: 'loss binary_cross_entropy()',
  params: [{ ...smoothing }],
  check: (p, t) => checkBinary('binary_cross_entropy', p, t),
  build: (args) => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.losses.sigmoidCrossEntropy(tf.reshape(yTrue, yPred.shape), yPred, undefined, num(args, 'label_smoothing') ?? 0) as tf.Scalar;
  },
};

export const mseLoss: LossEntry = {
  name: 'mse',
  kind: 'loss',
  doc: 'Mean squared error, for regression.',
  example: 'loss mse()',
  params: [],
  check: (p, t) => checkSameShape('mse', p, t),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.losses.meanSquaredError(tf.reshape(yTrue, yPred.shape), yPred) as tf.Scalar;
  },
};

export const maeLoss: LossEntry = {
  name: 'mae',
  kind: 'loss',
  doc: 'Mean absolute error, for regression; less sensitive to outliers than `mse`.',
  example: 'loss mae()',
  params: [],
  check: (p, t) => checkSameShape('mae', p, t),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.losses.absoluteDifference(tf.reshape(yTrue, yPred.shape), yPred) as tf.Scalar;
  },
};

export const huber: LossEntry = {
  name: 'huber',
  kind: 'loss',
  doc: 'Huber loss: squared error for errors smaller than `delta`, absolute error beyond. Regression robust to outliers.',
  example: 'loss huber(delta: 1.0)',
  params: [{ name: 'delta', type: 'float', required: false, default: 1, range: { min: 0, minInclusive: false }, doc: 'Error size where the loss turns from quadratic to linear.' }],
  check: (p, t) => checkSameShape('huber', p, t),
  build: (args: ArgValues) => {
    const tf = tfCore();
    return (yTrue, yPred) => tf.losses.huberLoss(tf.reshape(yTrue, yPred.shape), yPred, undefined, num(args, 'delta') ?? 1) as tf.Scalar;
  },
};

export const klDivergence: LossEntry = {
  name: 'kl_divergence',
  kind: 'loss',
  doc: 'Kullback–Leibler divergence of the model’s softmax distribution from a target distribution `f32[n]` (such as a teacher’s softened outputs in distillation).',
  example: 'loss kl_divergence()',
  params: [],
  check: (p, t) => checkCategorical('kl_divergence', p, t),
  build: () => {
    const tf = tfCore();
    return (yTrue, yPred) =>
      tf.tidy(() => {
        const p = tf.clipByValue(yTrue, 1e-7, 1);
        const logQ = tf.logSoftmax(yPred);
        return tf.mean(tf.sum(tf.mul(p, tf.sub(tf.log(p), logQ)), -1)) as tf.Scalar;
      });
  },
};

export const losses: LossEntry[] = [crossEntropy, binaryCrossEntropy, mseLoss, maeLoss, huber, klDivergence];
