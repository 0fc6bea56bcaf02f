// Examples → tensors: the only data module that touches tf.js. A Batch is what
// a training loop consumes; its tensors belong to the consumer, who disposes
// of them (tf.dispose(Object.values(batch.features))) after the step.

import * as tf from '@tensorflow/tfjs-core';
import { collate, type Example, type FeatureSpec } from './example.js';

export interface Batch {
  size: number;
  features: Record<string, tf.Tensor>;
}

export function tensorize(examples: readonly Example[], specs: readonly FeatureSpec[]): Record<string, tf.Tensor> {
  const collated = collate(examples, specs);
  const features: Record<string, tf.Tensor> = {};
  for (const [name, c] of Object.entries(collated)) features[name] = tf.tensor(c.data, c.shape, c.dtype);
  return features;
}

export function toBatch(examples: readonly Example[], specs: readonly FeatureSpec[]): Batch {
  return { size: examples.length, features: tensorize(examples, specs) };
}

/** Turns a stream of example batches into tensor batches, one at a time. */
export async function* tensorBatches(batches: AsyncIterable<readonly Example[]>, specs: readonly FeatureSpec[]): AsyncGenerator<Batch> {
  for await (const examples of batches) yield toBatch(examples, specs);
}
