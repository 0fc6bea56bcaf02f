// Sequence layers: recurrent (lstm, gru), pooling over positions, and the
// attention layers (multi-head self-attention and the transformer encoder).

import type * as tfl from '@tensorflow/tfjs-layers';
import { literalDim } from '../../types/dims.js';
import { formatType } from '../../types/tensor.js';
import type { ArgValues } from '../../types/values.js';
import type { LayerEntry, ShapeProblem } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { bool, expectFloat, expectRank, lastDim, need, num, product, str } from '../rules.js';
import { activationParam, positiveInt } from './common-params.js';
import { attentionParamCount, ensureCustomLayers, tfLayers } from '../../runtime/layers/index.js';

const one: LayerEntry['inputs'] = { min: 1, max: 1 };

const returnSequences = {
  name: 'return_sequences',
  type: 'bool',
  required: false,
  default: false,
  doc: 'Return the output at every step (`f32[steps, units]`) instead of only the last (`f32[units]`).',
} as const;

function recurrent(name: 'lstm' | 'gru', gates: number, what: string): LayerEntry {
  const entry: LayerEntry = {
    name,
    kind: 'layer',
    doc: `${what} Reads a sequence \`f32[steps, features]\` and returns its final state \`f32[units]\`, or every step's output with \`return_sequences: true\`.`,
    example: `${name}(64)`,
    params: [positiveInt('units', 'Size of the hidden state.'), { ...returnSequences }],
    inputs: one,
    shape([x], args) {
      const problem = expectFloat(name, x) ?? expectRank(name, x, [2], 'f32[steps, features]', x.dims.length === 1 ? { help: 'a vector has no steps; recurrent layers read sequences such as embedded text' } : {});
      if (problem) return problem;
      const units = num(args, 'units') ?? null;
      return { dtype: 'f32', dims: bool(args, 'return_sequences') ? [x.dims[0], units] : [units] };
    },
    paramCount([x], args) {
      const u = num(args, 'units');
      const f = literalDim(lastDim(x));
      if (u === undefined || f === undefined) return undefined;
      return gates * (u * (f + u) + u);
    },
    flops([x], args) {
      const u = num(args, 'units');
      const f = literalDim(lastDim(x));
      return u === undefined || f === undefined ? undefined : product(2, gates, x.dims[0], u, f + u);
    },
    build(args, layerName) {
      const tfl = tfLayers();
      const config = { name: layerName, units: need(num(args, 'units'), name, 'units'), returnSequences: bool(args, 'return_sequences') ?? false };
      return name === 'lstm' ? tfl.layers.lstm(config) : tfl.layers.gru(config);
    },
  };
  return entry;
}

export const lstm = recurrent('lstm', 4, 'A long short-term memory layer: a recurrent layer whose gated cell state carries information across long sequences.');
export const gru = recurrent('gru', 3, 'A gated recurrent unit: a lighter recurrent layer than `lstm`, with two gates and no separate cell state.');

export const meanPool: LayerEntry = {
  name: 'mean_pool',
  kind: 'layer',
  doc: 'Averages a sequence over its positions: `f32[seq, d]` becomes `f32[d]`. The usual way to turn the output of an encoder into one vector per example.',
  example: 'mean_pool()',
  params: [],
  inputs: one,
  shape([x]) {
    return expectFloat('mean_pool', x) ?? expectRank('mean_pool', x, [2], 'f32[seq, d]') ?? { dtype: 'f32', dims: [lastDim(x)] };
  },
  paramCount: () => 0,
  flops([x]) {
    return product(...x.dims);
  },
  build(_args, name) {
    const tfl = tfLayers();
    return tfl.layers.globalAveragePooling1d({ name });
  },
};

/** Head width: explicit, or d / heads when that divides evenly; a problem otherwise. */
export function headWidth(callee: string, d: number | undefined, heads: number | undefined, keyDim: number | undefined, dParam: string): number | undefined | ShapeProblem {
  if (keyDim !== undefined) return keyDim;
  if (d === undefined || heads === undefined) return undefined;
  if (d % heads !== 0) {
    return shapeProblem(
      Codes.argumentCombination,
      { callee, requirement: `${dParam} divisible by heads`, found: `${dParam} ${d} and heads ${heads}` },
      { param: 'heads', help: `use a number of heads that divides ${d}, such as ${[1, 2, 4, 8, 16].filter((h) => d % h === 0).pop() ?? 1}` },
    );
  }
  return d / heads;
}

function isProblem(x: unknown): x is ShapeProblem {
  return typeof x === 'object' && x !== null && 'code' in x;
}

/** Per-example FLOPs of attention: Q/K/V/output projections plus the two score products. */
export function attentionFlops(sq: number | undefined, sk: number | undefined, dq: number | undefined, dk: number | undefined, heads: number | undefined, keyDim: number | undefined): number | undefined {
  const inner = product(heads, keyDim);
  if (sq === undefined || sk === undefined || dq === undefined || dk === undefined || inner === undefined) return undefined;
  return 2 * (sq * dq * inner + 2 * sk * dk * inner + sq * inner * dq) + 2 * 2 * sq * sk * inner;
}

export const multiHeadAttention: LayerEntry = {
  name: 'multi_head_attention',
  kind: 'layer',
  doc: 'Multi-head self-attention over a sequence `f32[seq, d]`: every position attends to every other, in `heads` parallel subspaces of width `key_dim` (by default d / heads), and the result is projected back to `f32[seq, d]`.',
  example: 'multi_head_attention(4)',
  params: [
    positiveInt('heads', 'Number of attention heads.'),
    { name: 'key_dim', type: 'int', required: false, range: { min: 1 }, doc: 'Width of each head; defaults to d / heads.' },
    { name: 'dropout', type: 'float', required: false, default: 0, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Dropout on the attention weights during training.' },
  ],
  inputs: one,
  shape([x], args) {
    const problem = expectFloat('multi_head_attention', x) ?? expectRank('multi_head_attention', x, [2], 'f32[seq, d]');
    if (problem) return problem;
    const k = headWidth('multi_head_attention', literalDim(lastDim(x)), num(args, 'heads'), num(args, 'key_dim'), 'the model width');
    if (isProblem(k)) return k;
    return { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount([x], args) {
    const d = literalDim(lastDim(x));
    const h = num(args, 'heads');
    const k = headWidth('multi_head_attention', d, h, num(args, 'key_dim'), 'd');
    if (d === undefined || h === undefined || k === undefined || isProblem(k)) return undefined;
    return attentionParamCount(d, d, h, k);
  },
  flops([x], args) {
    const d = literalDim(lastDim(x));
    const s = literalDim(x.dims[0]);
    const k = headWidth('multi_head_attention', d, num(args, 'heads'), num(args, 'key_dim'), 'd');
    return isProblem(k) ? undefined : attentionFlops(s, s, d, d, num(args, 'heads'), k);
  },
  build(args, name) {
    const { MultiHeadAttention } = ensureCustomLayers();
    return new MultiHeadAttention({ name, heads: need(num(args, 'heads'), 'multi_head_attention', 'heads'), keyDim: num(args, 'key_dim'), dropout: num(args, 'dropout') ?? 0 });
  },
};

function encoderCount(args: ArgValues): number | undefined {
  const d = num(args, 'd_model');
  const h = num(args, 'heads');
  const ff = num(args, 'ff');
  if (d === undefined || h === undefined || ff === undefined || d % h !== 0) return undefined;
  return attentionParamCount(d, d, h, d / h) + 4 * d + (d * ff + ff) + (ff * d + d);
}

export const encoder: LayerEntry = {
  name: 'encoder',
  kind: 'layer',
  doc: 'A transformer encoder block on `f32[seq, d_model]`: multi-head self-attention and a two-layer feed-forward network (`d_model` → `ff` → `d_model`), each wrapped in a residual connection, dropout and layer normalisation (post-norm). `d_model` must be divisible by `heads`. Output has the input’s shape, so blocks stack with `repeat`.',
  example: 'encoder(64, heads: 4, ff: 256)',
  params: [
    positiveInt('d_model', 'Model width: the last dimension of the input and output.'),
    positiveInt('heads', 'Number of attention heads; must divide d_model.'),
    positiveInt('ff', 'Width of the feed-forward hidden layer (commonly 4 × d_model).'),
    { name: 'dropout', type: 'float', required: false, default: 0.1, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Dropout after attention and feed-forward during training.' },
    { ...activationParam, default: 'relu', doc: 'Activation of the feed-forward hidden layer.' },
  ],
  inputs: one,
  shape([x], args) {
    const problem = expectFloat('encoder', x) ?? expectRank('encoder', x, [2], 'f32[seq, d_model]');
    if (problem) return problem;
    const d = num(args, 'd_model');
    const k = headWidth('encoder', d, num(args, 'heads'), undefined, 'd_model');
    if (isProblem(k)) return k;
    const width = literalDim(lastDim(x));
    if (d !== undefined && width !== undefined && width !== d) {
      return shapeProblem(
        Codes.inputDimension,
        { callee: 'encoder', expected: `f32[seq, ${d}] (its d_model)`, found: formatType(x) },
        { input: 0, param: 'd_model', label: `needs f32[seq, ${d}]`, help: `project the input first with \`dense(${d})\`, or set d_model to ${width}`, insertBefore: `dense(${d})` },
      );
    }
    return { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount(_inputs, args) {
    return encoderCount(args);
  },
  flops([x], args) {
    const d = num(args, 'd_model');
    const h = num(args, 'heads');
    const ff = num(args, 'ff');
    const s = literalDim(x.dims[0]);
    if (d === undefined || h === undefined || ff === undefined || s === undefined || d % h !== 0) return undefined;
    const attention = attentionFlops(s, s, d, d, h, d / h);
    return attention === undefined ? undefined : attention + 2 * s * (2 * d * ff);
  },
  build(args, name) {
    const { TransformerEncoder } = ensureCustomLayers();
    return new TransformerEncoder({
      name,
      heads: need(num(args, 'heads'), 'encoder', 'heads'),
      ff: need(num(args, 'ff'), 'encoder', 'ff'),
      dropout: num(args, 'dropout') ?? 0.1,
      activation: str(args, 'activation') ?? 'relu',
    });
  },
};

export const sequenceLayers: LayerEntry[] = [lstm, gru, meanPool, multiHeadAttention, encoder];
