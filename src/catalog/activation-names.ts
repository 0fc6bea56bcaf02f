// The activation functions Kiln knows, by their Kiln name, with the tf.js
// identifier each maps to. Kept apart from the entries so argument binding
// can validate `activation:` values without loading the layer builders.

export const activationTfNames = {
  linear: 'linear',
  relu: 'relu',
  gelu: 'gelu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
} as const;

export type ActivationName = keyof typeof activationTfNames;

export const activationNames: readonly ActivationName[] = Object.keys(activationTfNames) as ActivationName[];
