// One optimisation step, as a function of (models, batch, objective): the
// objective computes the scalar loss from the batch in training mode, which is
// all a supervised step and a distillation step differ in. The step takes the
// gradients of the trainable variables, clips them by their global norm,
// applies the optimizer at the current rate and then the decoupled weight
// decay. It returns the loss tensor; the caller reads and disposes it.

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../../data/tensorize.js';
import type { LossFn } from '../../catalog/index.js';
import type { TrainingOptimizer } from './optimizer.js';

/** The training loss of a batch. Runs inside the gradient tape: no side effects, no reads. */
export type Objective = (batch: Batch) => tf.Scalar;

export interface StepSettings {
  optimizer: TrainingOptimizer;
  /** The variables to train (frozen layers excluded). */
  variables: tf.Variable[];
  lr: number;
  clipNorm?: number;
}

export function trainableVariables(models: readonly tfl.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** Scales all gradients together so their global L2 norm is at most `maxNorm`. */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const tensors = Object.values(grads);
    const squares = tensors.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const factor = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, factor);
    return out;
  });
}

export function trainStep(batch: Batch, objective: Objective, settings: StepSettings): tf.Scalar {
  const { optimizer, variables, lr, clipNorm } = settings;
  optimizer.setLearningRate(lr);
  const { value, grads } = tf.variableGrads(() => objective(batch), variables);
  let applied = grads;
  if (clipNorm !== undefined && clipNorm > 0) {
    applied = clipByGlobalNorm(grads, clipNorm);
    tf.dispose(grads);
  }
  optimizer.optimizer.applyGradients(applied);
  tf.dispose(applied);
  if (optimizer.weightDecay > 0) {
    // Decoupled decay (AdamW): kernels and embeddings shrink; biases and norm scales (rank 1) do not.
    const keep = 1 - lr * optimizer.weightDecay;
    tf.tidy(() => {
      for (const v of variables) if (v.rank >= 2) v.assign(tf.mul(v, keep));
    });
  }
  return value;
}

/** The supervised objective: the loss of the model's training-mode output against the target. */
export function supervisedObjective(model: tfl.LayersModel, inputNames: string[], target: (batch: Batch) => tf.Tensor, loss: LossFn): Objective {
  return (batch) => {
    const inputs = inputNames.map((n) => batch.features[n]);
    const output = model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: true }) as tf.Tensor;
    return loss(target(batch), output);
  };
}
