// The objective of a distillation step, in the form the training loop takes
// (train/loop.ts StageObjective): before each step the teachers' outputs are
// added to the batch (from the cache when it has them), and the loss is the
// distillation loss of the student's training-mode output plus the hint
// terms. Only the student and the hint projections are trained: the
// teachers' variables are never handed to the optimizer, and their outputs
// are computed outside the gradient tape.

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../../data/tensorize.js';
import type { Example } from '../../data/example.js';
import type { LossFn } from '../../catalog/index.js';
import type { StageObjective } from '../train/loop.js';
import { distillationLoss, softTargets } from './loss.js';
import { hintLoss, type StudentHint } from './hints.js';
import { TeacherCache, type Teachers, type TeacherOutputs } from './teachers.js';

/** Batch features the objective adds; no data feature can be named so (names are identifiers). */
const TEACHER_KEY = '\u0000teacher_';
const HINT_KEY = '\u0000hint_';

export interface DistillObjectiveSettings {
  /** The student with the hinted layers as extra outputs (hints.ts studentProbe). */
  probe: tfl.LayersModel;
  inputNames: string[];
  teachers: Teachers;
  hints: StudentHint[];
  temperature: number;
  alpha: number;
  hardLoss: LossFn;
  /** The batch's labels, as the hard loss takes them. */
  labels: (batch: Batch) => tf.Tensor;
  /** Present when the training data is not augmented. */
  cache?: TeacherCache;
}

export function putTeacherOutputs(batch: Batch, out: TeacherOutputs): void {
  out.logits.forEach((t, i) => (batch.features[`${TEACHER_KEY}${i}`] = t));
  out.hints.forEach((t, i) => (batch.features[`${HINT_KEY}${i}`] = t));
}

export function distillObjective(s: DistillObjectiveSettings): StageObjective {
  const variables = s.hints.flatMap((h) => (h.projection ? h.projection.trainableWeights.map((w) => w.read() as tf.Variable) : []));
  return {
    variables,
    prepare(examples: readonly Example[], batch: Batch, epoch: number) {
      let out = s.cache?.lookup(examples);
      if (!out) {
        out = s.teachers.run(batch);
        s.cache?.store(examples, out, epoch);
      }
      putTeacherOutputs(batch, out);
    },
    objective(batch: Batch): tf.Scalar {
      const inputs = s.inputNames.map((n) => batch.features[n]);
      const outs = s.probe.apply(inputs.length === 1 ? inputs[0] : inputs, { training: true });
      const list = (Array.isArray(outs) ? outs : [outs]) as tf.Tensor[];
      const teacherLogits = s.teachers.members.map((_, i) => batch.features[`${TEACHER_KEY}${i}`]);
      const targets = softTargets(teacherLogits, s.temperature);
      const parts = distillationLoss(list[0], targets, s.labels(batch), { temperature: s.temperature, alpha: s.alpha, hardLoss: s.hardLoss });
      if (s.hints.length === 0) return parts.total;
      const teacherActs = s.hints.map((_, i) => batch.features[`${HINT_KEY}${i}`]);
      return tf.add(parts.total, hintLoss(s.hints, list.slice(1), teacherActs)) as tf.Scalar;
    },
  };
}
