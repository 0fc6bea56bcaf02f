// Activation functions, usable both as layers in a pipeline (`|> relu()`)
// and as `activation:` arguments (`dense(64, activation: relu)`).

import type * as tfl from '@tensorflow/tfjs-layers';
import { tfLayers } from '../../runtime/layers/index.js';
import type { ActivationEntry } from '../entry.js';
import { expectFloat, product } from '../rules.js';
import { activationTfNames, type ActivationName } from '../activation-names.js';
import { tfActivation } from './core-layers.js';

const docs: Record<ActivationName, string> = {
  linear: 'The identity: passes its input through unchanged. The default `activation:` of layers.',
  relu: 'Rectified linear unit, max(0, x). The default choice for hidden layers.',
  gelu: 'Gaussian error linear unit, x · Φ(x): a smooth ReLU, the usual choice in transformers.',
  tanh: 'Hyperbolic tangent, squashing values into (−1, 1).',
  sigmoid: 'Logistic sigmoid 1 / (1 + e^−x), squashing values into (0, 1).',
  softmax: 'Exponentiates and normalises over the last axis so values are positive and sum to 1. Losses take logits, so a model’s last layer usually does not need it.',
};

function activationEntry(name: ActivationName): ActivationEntry {
  return {
    name,
    kind: 'activation',
    tfName: activationTfNames[name],
    doc: docs[name],
    example: name === 'linear' ? 'dense(10, activation: linear)' : `dense(64, activation: ${name})`,
    params: [],
    inputs: { min: 1, max: 1 },
    shape([x]) {
      return expectFloat(name, x) ?? { dtype: 'f32', dims: [...x.dims] };
    },
    paramCount: () => 0,
    flops([x]) {
      return product(...x.dims);
    },
    build(_args, layerName) {
      const tfl = tfLayers();
      return tfl.layers.activation({ name: layerName, activation: tfActivation(name) as string as 'relu' });
    },
  };
}

export const activations: ActivationEntry[] = (Object.keys(activationTfNames) as ActivationName[]).map(activationEntry);
