// Optimizers. Each builds a tf.js optimizer at a given learning rate; the
// runtime updates the rate per step from the schedule. AdamW's decoupled
// weight decay is applied by the runtime after each step (tf.js has none).

import { tfCore } from '../../runtime/layers/index.js';
import type { OptimizerEntry, ParamSpec } from '../entry.js';
import { bool, num } from '../rules.js';

const lrParam = (def: number): ParamSpec => ({
  name: 'lr',
  type: 'float',
  required: false,
  default: def,
  range: { min: 0, minInclusive: false },
  doc: 'Base learning rate (the schedule scales it).',
});

const betaParams: ParamSpec[] = [
  { name: 'beta1', type: 'float', required: false, default: 0.9, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Decay of the first-moment (mean) estimate.' },
  { name: 'beta2', type: 'float', required: false, default: 0.999, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Decay of the second-moment (variance) estimate.' },
  { name: 'epsilon', type: 'float', required: false, default: 1e-7, range: { min: 0, minInclusive: false }, doc: 'Added to the denominator for numerical stability.' },
];

function optimizer(
  name: string,
  doc: string,
  params: ParamSpec[],
  build: OptimizerEntry['build'],
  decay: OptimizerEntry['decoupledWeightDecay'] = () => 0,
): OptimizerEntry {
  return {
    name,
    kind: 'optimizer',
    doc,
    params,
    example: `optimizer ${name}(lr: ${String(params[0].default)})`,
    build,
    learningRate: (args) => num(args, 'lr') ?? (params[0].default as number),
    decoupledWeightDecay: decay,
  };
}

export const sgd = optimizer('sgd', 'Plain stochastic gradient descent: w ← w − lr · g.', [lrParam(0.01)], (_args, lr) => tfCore().train.sgd(lr));

export const momentum = optimizer(
  'momentum',
  'Gradient descent with momentum: a running velocity of past gradients smooths and speeds up the steps.',
  [
    lrParam(0.01),
    { name: 'momentum', type: 'float', required: false, default: 0.9, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Fraction of the velocity kept at each step.' },
    { name: 'nesterov', type: 'bool', required: false, default: false, doc: 'Use Nesterov momentum.' },
  ],
  (args, lr) => tfCore().train.momentum(lr, num(args, 'momentum') ?? 0.9, bool(args, 'nesterov') ?? false),
);

export const adam = optimizer(
  'adam',
  'Adam: per-weight step sizes from running estimates of the gradient’s mean and variance. A robust default.',
  [lrParam(0.001), ...betaParams],
  (args, lr) => tfCore().train.adam(lr, num(args, 'beta1') ?? 0.9, num(args, 'beta2') ?? 0.999, num(args, 'epsilon') ?? 1e-7),
);

export const adamw = optimizer(
  'adamw',
  'Adam with decoupled weight decay (AdamW): after each Adam step every weight shrinks by lr · weight_decay · w, which regularises better than an L2 term in the loss.',
  [
    lrParam(0.001),
    { name: 'weight_decay', type: 'float', required: false, default: 0.01, range: { min: 0 }, doc: 'Decoupled weight decay coefficient.' },
    ...betaParams,
  ],
  (args, lr) => tfCore().train.adam(lr, num(args, 'beta1') ?? 0.9, num(args, 'beta2') ?? 0.999, num(args, 'epsilon') ?? 1e-7),
  (args) => num(args, 'weight_decay') ?? 0.01,
);

export const rmsprop = optimizer(
  'rmsprop',
  'RMSProp: divides each step by a running root mean square of recent gradients.',
  [
    lrParam(0.001),
    { name: 'decay', type: 'float', required: false, default: 0.9, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Decay of the running mean square.' },
    { name: 'momentum', type: 'float', required: false, default: 0, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Momentum.' },
    { name: 'epsilon', type: 'float', required: false, default: 1e-7, range: { min: 0, minInclusive: false }, doc: 'Added to the denominator for numerical stability.' },
  ],
  (args, lr) => tfCore().train.rmsprop(lr, num(args, 'decay') ?? 0.9, num(args, 'momentum') ?? 0, num(args, 'epsilon') ?? 1e-7),
);

export const adagrad = optimizer(
  'adagrad',
  'Adagrad: step sizes shrink for weights that have had large gradients. Suits sparse features.',
  [
    lrParam(0.01),
    { name: 'initial_accumulator', type: 'float', required: false, default: 0.1, range: { min: 0, minInclusive: false }, doc: 'Starting value of the squared-gradient accumulators.' },
  ],
  (args, lr) => tfCore().train.adagrad(lr, num(args, 'initial_accumulator') ?? 0.1),
);

export const optimizers: OptimizerEntry[] = [sgd, momentum, adam, adamw, rmsprop, adagrad];
