// The optimizer of a schedule, from the catalog, with what the training step
// needs around it: setting the rate each step, the decoupled weight decay
// (AdamW, or the schedule's `weight_decay`), and saving/restoring its state
// (moments, iteration count) for checkpoints.

import * as tf from '@tensorflow/tfjs-core';
import { findEntry } from '../../catalog/index.js';
import type { IrSchedule } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { callArgs } from '../ir-values.js';

export interface TrainingOptimizer {
  optimizer: tf.Optimizer;
  name: string;
  baseLr: number;
  /** Decoupled weight decay per step, multiplied by the current rate; 0 for none. */
  weightDecay: number;
  setLearningRate(lr: number): void;
}

export function buildOptimizer(schedule: IrSchedule): TrainingOptimizer {
  const entry = findEntry(schedule.optimizer.op, 'optimizer');
  if (!entry) throw new RunError(`schedule \`${schedule.name}\`: unknown optimizer \`${schedule.optimizer.op}\``);
  const args = callArgs(schedule.optimizer);
  const baseLr = entry.learningRate(args);
  const optimizer = entry.build(args, baseLr);
  const weightDecay = schedule.weight_decay ?? entry.decoupledWeightDecay(args);
  return {
    optimizer,
    name: entry.name,
    baseLr,
    weightDecay,
    setLearningRate(lr) {
      // SGD and momentum keep the rate in a tensor; the others read the field each step.
      const o = optimizer as tf.Optimizer & { setLearningRate?: (lr: number) => void; learningRate?: number };
      if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
      else o.learningRate = lr;
    },
  };
}
