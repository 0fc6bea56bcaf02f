// Which feature is the target of a model, and how a batch's target tensor
// is shaped for the catalog's losses and metrics: class labels one-hot
// ([batch, classes]), everything else as float32.

import * as tf from '@tensorflow/tfjs-core';
import type { IrFeature, IrModel } from '../../ir/types.js';
import type { Batch } from '../../data/tensorize.js';
import { RunError } from '../errors.js';

export interface TargetSpec {
  feature: IrFeature;
  /** The batch's target, ready for a loss. A fresh tensor: dispose it (tidy does). */
  of(batch: Batch): tf.Tensor;
}

export function targetFor(model: IrModel, features: IrFeature[], dataName: string): TargetSpec {
  const inputs = new Set(model.inputs.map((i) => i.name));
  const feature = features.find((f) => f.label && !inputs.has(f.name)) ?? features.find((f) => !inputs.has(f.name) && f.type.classes !== undefined);
  if (!feature) throw new RunError(`data \`${dataName}\` has no label feature for model \`${model.name}\` to learn`, ['mark one feature as the label, e.g. `label: class[10] = digit`']);
  for (const input of model.inputs) {
    if (!features.some((f) => f.name === input.name)) throw new RunError(`model \`${model.name}\` takes \`${input.name}\`, which data \`${dataName}\` does not provide`);
  }
  const classes = feature.type.classes;
  return {
    feature,
    of(batch) {
      const y = batch.features[feature.name];
      if (classes !== undefined) return tf.cast(tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32') as tf.Tensor1D, classes), 'float32');
      return tf.cast(y, 'float32');
    },
  };
}
