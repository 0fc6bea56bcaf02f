// Which of a layer's weights training does not update. tf.js counts batch
// normalisation's moving mean and variance among a layer's weights but marks
// them non-trainable; every other catalog layer's weights are all trainable.

import type { LayerEntry } from '../catalog/index.js';
import type { TensorType } from '../types/tensor.js';

export function nonTrainableParams(entry: LayerEntry, inputs: readonly TensorType[]): number {
  if (entry.name !== 'batch_norm') return 0;
  const x = inputs[0];
  const c = x?.dims[x.dims.length - 1];
  return typeof c === 'number' ? 2 * c : 0;
}
