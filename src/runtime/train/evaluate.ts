// Evaluation of a model on one split: predictions in inference mode (dropout
// off), batch by batch, then the loss and every metric over the whole split,
// since metrics such as macro-averaged recall are not means of batch scores.

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { findEntry, type LossFn, type MetricFn } from '../../catalog/index.js';
import { toBatch } from '../../data/tensorize.js';
import type { PreparedData, SplitName } from '../data/prepare.js';
import { RunError } from '../errors.js';
import type { TargetSpec } from './targets.js';

export interface NamedMetric {
  name: string;
  fn: MetricFn;
}

export function buildMetrics(names: readonly string[]): NamedMetric[] {
  const seen = new Set<string>();
  const out: NamedMetric[] = [];
  for (const name of names) {
    if (seen.has(name) || name === 'loss') continue;
    seen.add(name);
    const entry = findEntry(name, 'metric');
    if (!entry) throw new RunError(`unknown metric \`${name}\``);
    const defaults: Record<string, unknown> = {};
    for (const p of entry.params) if (p.default !== undefined) defaults[p.name] = p.default;
    out.push({ name, fn: entry.build(defaults as Parameters<typeof entry.build>[0]) });
  }
  return out;
}

export interface Evaluation {
  examples: number;
  /** `loss` and each metric, by name. */
  values: Record<string, number>;
}

export async function evaluate(
  model: tfl.LayersModel,
  inputNames: string[],
  data: PreparedData,
  split: SplitName,
  target: TargetSpec,
  loss: LossFn | undefined,
  metrics: readonly NamedMetric[],
  batchSize = data.batchSize,
): Promise<Evaluation> {
  const predictions: tf.Tensor[] = [];
  const targets: tf.Tensor[] = [];
  try {
    for await (const examples of data.pipeline(batchSize).pass({ split }).batches) {
      const batch = toBatch(examples, data.specs);
      const out = tf.tidy(() => {
        const inputs = inputNames.map((n) => batch.features[n]);
        return { p: model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor, y: target.of(batch) };
      });
      tf.dispose(Object.values(batch.features));
      predictions.push(out.p);
      targets.push(out.y);
    }
    if (predictions.length === 0) return { examples: 0, values: {} };
    const scalars = tf.tidy(() => {
      const p = predictions.length === 1 ? predictions[0] : tf.concat(predictions, 0);
      const y = targets.length === 1 ? targets[0] : tf.concat(targets, 0);
      const named: [string, tf.Scalar][] = [];
      if (loss) named.push(['loss', loss(y, p)]);
      for (const m of metrics) named.push([m.name, m.fn(y, p)]);
      return named;
    });
    const values: Record<string, number> = {};
    for (const [name, s] of scalars) {
      values[name] = (await s.data())[0];
      s.dispose();
    }
    return { examples: predictions.reduce((n, p) => n + (p.shape[0] ?? 0), 0), values };
  } finally {
    tf.dispose(predictions);
    tf.dispose(targets);
  }
}
