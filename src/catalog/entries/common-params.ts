// Parameter specs several entries share, written once so their docs agree.

import type { ParamSpec } from '../entry.js';

export const activationParam: ParamSpec = {
  name: 'activation',
  type: 'activation',
  required: false,
  default: 'linear',
  doc: 'Activation applied to the output (`linear` is none).',
};

export const paddingParam: ParamSpec = {
  name: 'padding',
  type: { oneOf: ['valid', 'same'] },
  required: false,
  default: 'valid',
  doc: '`valid` uses only full windows (the output shrinks); `same` pads so that, with stride 1, the output keeps the input size.',
};

export const probabilityParam = (def: number, doc = 'Probability of applying the augmentation to an example.'): ParamSpec => ({
  name: 'p',
  type: 'float',
  required: false,
  default: def,
  range: { min: 0, max: 1 },
  doc,
});

export const positiveInt = (name: string, doc: string, def?: number): ParamSpec => ({
  name,
  type: 'int',
  required: def === undefined,
  default: def,
  range: { min: 1 },
  doc,
});
