// Training settings written in a schedule block that the runtime implements
// itself: gradient clipping, decoupled weight decay and early stopping.

import type { SettingEntry } from '../entry.js';

export const clipNorm: SettingEntry = {
  name: 'clip_norm',
  kind: 'regularizer',
  doc: 'Rescales the gradients whenever their global L2 norm exceeds `max`, so that one bad batch cannot blow up the weights.',
  example: 'clip_norm 1.0',
  params: [{ name: 'max', type: 'float', required: true, range: { min: 0, minInclusive: false }, doc: 'Largest allowed global gradient norm.' }],
};

export const weightDecay: SettingEntry = {
  name: 'weight_decay',
  kind: 'regularizer',
  doc: 'Decoupled weight decay for any optimizer: after each step every weight shrinks by lr · rate · w.',
  example: 'weight_decay 1e-4',
  params: [{ name: 'rate', type: 'float', required: true, range: { min: 0 }, doc: 'Decay coefficient.' }],
};

export const earlyStop: SettingEntry = {
  name: 'early_stop',
  kind: 'callback',
  doc: 'Stops training when the monitored metric has not improved by at least `min_delta` for `patience` epochs, and (by default) restores the best weights seen.',
  example: 'early_stop(monitor: val_loss, patience: 3)',
  params: [
    { name: 'monitor', type: 'name', required: false, default: 'val_loss', doc: 'Metric to watch: `val_loss`, `val_accuracy`, `loss`, …' },
    { name: 'patience', type: 'int', required: false, default: 3, range: { min: 0 }, doc: 'Epochs without improvement before stopping.' },
    { name: 'min_delta', type: 'float', required: false, default: 0, range: { min: 0 }, doc: 'Smallest change that counts as an improvement.' },
    { name: 'mode', type: { oneOf: ['auto', 'min', 'max'] }, required: false, default: 'auto', doc: 'Whether lower or higher is better; `auto` decides from the metric.' },
    { name: 'restore_best', type: 'bool', required: false, default: true, doc: 'Restore the weights of the best epoch when stopping.' },
  ],
};

export const trainingSettings: SettingEntry[] = [clipNorm, weightDecay, earlyStop];
