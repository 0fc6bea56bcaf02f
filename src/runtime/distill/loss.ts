// The distillation loss of Hinton, Vinyals and Dean (2015): the student's
// logits softened at temperature T are pulled towards the teacher's softened
// distribution by KL divergence, scaled by T² so that the soft term's
// gradients keep their size as T changes, and mixed with the ordinary
// (hard-label) loss:
//   loss = alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha) · hard
// An ensemble teacher's target is the mean of its members' softened outputs.

import * as tf from '@tensorflow/tfjs-core';
import type { LossFn } from '../../catalog/index.js';

/** The mean of each teacher's softmax(logits / T): the soft targets, [batch, classes]. */
export function softTargets(teacherLogits: readonly tf.Tensor[], temperature: number): tf.Tensor2D {
  return tf.tidy(() => {
    const probs = teacherLogits.map((l) => tf.softmax(tf.div(l, temperature)));
    return (probs.length === 1 ? probs[0] : tf.div(tf.addN(probs), probs.length)) as tf.Tensor2D;
  });
}

/** KL(p ‖ softmax(studentLogits / T)) averaged over the batch. `p` rows sum to 1. */
export function softenedKl(targets: tf.Tensor, studentLogits: tf.Tensor, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(tf.div(studentLogits, temperature));
    // p · log p, with 0 · log 0 = 0 (a teacher can be certain at low T).
    const safe = tf.where(tf.greater(targets, 0), targets, tf.onesLike(targets));
    const plogp = tf.mul(targets, tf.log(safe));
    return tf.mean(tf.sum(tf.sub(plogp, tf.mul(targets, logQ)), -1)) as tf.Scalar;
  });
}

export interface DistillLossParts {
  total: tf.Scalar;
  soft: tf.Scalar;
  hard: tf.Scalar;
}

export interface DistillLossSettings {
  temperature: number;
  alpha: number;
  hardLoss: LossFn;
}

/** The combined loss and its two parts; the caller disposes them (or runs inside tidy). */
export function distillationLoss(studentLogits: tf.Tensor, targets: tf.Tensor, labels: tf.Tensor, s: DistillLossSettings): DistillLossParts {
  const soft = softenedKl(targets, studentLogits, s.temperature);
  const hard = s.hardLoss(labels, studentLogits);
  const total = tf.tidy(() => tf.add(tf.mul(soft, s.alpha * s.temperature * s.temperature), tf.mul(hard, 1 - s.alpha)) as tf.Scalar);
  return { total, soft, hard };
}
