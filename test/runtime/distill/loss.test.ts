// The distillation loss against a hand computation, and the ensemble's soft
// targets as the mean of its members' softened outputs.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { distillationLoss, softenedKl, softTargets } from '../../../src/runtime/distill/loss.js';
import { findEntry } from '../../../src/catalog/index.js';

tf.setBackend('cpu');

function softmax(xs: number[], t: number): number[] {
  const e = xs.map((x) => Math.exp(x / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function kl(p: number[], q: number[]): number {
  return p.reduce((sum, pi, i) => sum + (pi > 0 ? pi * Math.log(pi / q[i]) : 0), 0);
}

const teacher = [
  [2.0, -1.0, 0.5],
  [0.1, 3.0, -2.0],
];
const student = [
  [1.0, 0.0, 0.2],
  [-0.5, 1.5, 0.0],
];
const labels = [0, 1];

describe('the distillation loss', () => {
  it('is alpha · T² · KL(teacher ‖ student) + (1 − alpha) · cross-entropy, as computed by hand', () => {
    const T = 4;
    const alpha = 0.7;
    const hand = {
      soft: (kl(softmax(teacher[0], T), softmax(student[0], T)) + kl(softmax(teacher[1], T), softmax(student[1], T))) / 2,
      hard: -(Math.log(softmax(student[0], 1)[labels[0]]) + Math.log(softmax(student[1], 1)[labels[1]])) / 2,
    };
    const hardLoss = findEntry('cross_entropy', 'loss')!.build({ label_smoothing: 0 });
    const targets = softTargets([tf.tensor2d(teacher)], T);
    const parts = distillationLoss(tf.tensor2d(student), targets, tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'), { temperature: T, alpha, hardLoss });
    expect(parts.soft.dataSync()[0]).toBeCloseTo(hand.soft, 6);
    expect(parts.hard.dataSync()[0]).toBeCloseTo(hand.hard, 6);
    expect(parts.total.dataSync()[0]).toBeCloseTo(alpha * T * T * hand.soft + (1 - alpha) * hand.hard, 5);
  });

  it('is zero in its soft part when the student matches the teacher, even where the teacher is certain', () => {
    const certain = tf.tensor2d([[1, 0, 0]]);
    expect(softenedKl(certain, tf.tensor2d([[60, -60, -60]]), 1).dataSync()[0]).toBeCloseTo(0, 6);
    const logits = tf.tensor2d(teacher);
    expect(softenedKl(softTargets([logits], 3), logits, 3).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it('averages an ensemble’s softened outputs', () => {
    const T = 2;
    const other = [
      [0.0, 0.0, 1.0],
      [1.0, -1.0, 0.0],
    ];
    const got = softTargets([tf.tensor2d(teacher), tf.tensor2d(other)], T).arraySync();
    for (let i = 0; i < 2; i++) {
      const a = softmax(teacher[i], T);
      const b = softmax(other[i], T);
      a.forEach((x, j) => expect(got[i][j]).toBeCloseTo((x + b[j]) / 2, 6));
      expect(got[i].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    }
  });
});
