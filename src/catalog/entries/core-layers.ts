// Core layers: dense, dropout, flatten, reshape, normalisation and embeddings.

import type * as tfl from '@tensorflow/tfjs-layers';
import { dimProduct, literalDim } from '../../types/dims.js';
import { formatType, type Dim, type TensorType } from '../../types/tensor.js';
import type { LayerEntry } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { bool, expectDtype, expectFloat, expectRank, ints, lastDim, need, num, product, str } from '../rules.js';
import { activationTfNames, type ActivationName } from '../activation-names.js';
import { activationParam, positiveInt } from './common-params.js';
import { ensureCustomLayers, tfLayers } from '../../runtime/layers/index.js';

type TfActivation = Parameters<typeof tfl.layers.dense>[0]['activation'];

export function tfActivation(name: string | undefined): TfActivation {
  return (activationTfNames[(name ?? 'linear') as ActivationName] ?? 'linear') as TfActivation;
}

const one: LayerEntry['inputs'] = { min: 1, max: 1 };

export const dense: LayerEntry = {
  name: 'dense',
  kind: 'layer',
  doc: 'A fully connected layer: every output unit is a weighted sum of all input features plus a bias. On a vector `f32[n]` it gives `f32[units]`; on a sequence `f32[seq, n]` it is applied at every position. Flatten images first.',
  example: 'dense(128, activation: relu)',
  params: [
    positiveInt('units', 'Number of output units.'),
    activationParam,
    { name: 'use_bias', type: 'bool', required: false, default: true, doc: 'Whether to add a learned bias.' },
  ],
  inputs: one,
  shape([x], args) {
    const dtype = expectFloat('dense', x);
    if (dtype) return dtype;
    const rank = expectRank('dense', x, [1, 2], 'f32[n]', x.dims.length > 2 ? { insertBefore: 'flatten()', help: 'insert `flatten()` before `dense`' } : {});
    if (rank) return rank;
    return { dtype: 'f32', dims: [...x.dims.slice(0, -1), num(args, 'units') ?? null] };
  },
  paramCount([x], args) {
    const inDim = literalDim(lastDim(x));
    const units = num(args, 'units');
    if (inDim === undefined || units === undefined) return undefined;
    return inDim * units + (bool(args, 'use_bias') === false ? 0 : units);
  },
  flops([x], args) {
    return product(2, ...x.dims, num(args, 'units'));
  },
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.dense({
      name,
      units: need(num(args, 'units'), 'dense', 'units'),
      activation: tfActivation(str(args, 'activation')),
      useBias: bool(args, 'use_bias') ?? true,
    });
  },
};

export const dropout: LayerEntry = {
  name: 'dropout',
  kind: 'layer',
  doc: 'During training, sets each input element to zero with probability `rate` and scales the rest by 1 / (1 − rate); at evaluation it passes its input through. Regularises by keeping units from co-adapting.',
  example: 'dropout(0.5)',
  params: [{ name: 'rate', type: 'float', required: true, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Fraction of inputs to drop.' }],
  inputs: one,
  shape([x]) {
    return expectFloat('dropout', x) ?? { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount: () => 0,
  flops: () => 0,
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.dropout({ name, rate: need(num(args, 'rate'), 'dropout', 'rate') });
  },
};

export const flatten: LayerEntry = {
  name: 'flatten',
  kind: 'layer',
  doc: 'Collapses all dimensions into one: `f32[26, 26, 16]` becomes `f32[10816]`. Used between convolutional layers and `dense`.',
  example: 'flatten()',
  params: [],
  inputs: one,
  shape([x]) {
    return expectRank('flatten', x, [1, 2, 3, 4, 5], 'f32[...]') ?? { dtype: x.dtype, dims: [dimProduct(x.dims)] };
  },
  paramCount: () => 0,
  flops: () => 0,
  build(_args, name, inputs) {
    const tfl = tfLayers();
    // tf.js's Flatten refuses inputs that are already vectors; flattening one is the identity.
    if (inputs[0]?.dims.length === 1) return tfl.layers.activation({ name, activation: 'linear' });
    return tfl.layers.flatten({ name });
  },
};

/** The target shape of `reshape`, with at most one -1 inferred. */
function reshapeTarget(x: TensorType, target: number[]): Dim[] | { problem: 'two-inferred' } | { problem: 'size'; total: number } {
  const inferred = target.filter((d) => d === -1).length;
  if (inferred > 1) return { problem: 'two-inferred' };
  const total = dimProduct(x.dims);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (typeof total !== 'number') return target.map((d) => (d === -1 ? null : d));
  if (inferred === 1) {
    if (known === 0 || total % known !== 0) return { problem: 'size', total };
    return target.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) return { problem: 'size', total };
  return [...target];
}

export const reshape: LayerEntry = {
  name: 'reshape',
  kind: 'layer',
  doc: 'Rearranges the input into the given shape (batch excluded), keeping the number of elements. One dimension may be `-1`, inferred from the others.',
  example: 'reshape([28, 28, 1])',
  params: [{ name: 'shape', type: 'dims', required: true, range: { min: -1 }, doc: 'Target dimensions; one may be -1.' }],
  inputs: one,
  shape([x], args) {
    const target = ints(args, 'shape');
    if (target === undefined) return { dtype: x.dtype, dims: [null] };
    if (target.includes(0)) {
      return shapeProblem(Codes.argumentRange, { name: 'shape', callee: 'reshape', range: 'made of sizes of at least 1 (or one -1)', found: `[${target.join(', ')}]` }, { param: 'shape' });
    }
    const r = reshapeTarget(x, target);
    if ('problem' in r) {
      if (r.problem === 'two-inferred') {
        return shapeProblem(Codes.argumentCombination, { callee: 'reshape', requirement: 'at most one -1 dimension', found: `[${target.join(', ')}]` }, { param: 'shape' });
      }
      const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      return shapeProblem(
        Codes.reshapeSize,
        { callee: 'reshape', found: formatType(x), from: r.total, target: `[${target.join(', ')}]`, to: target.includes(-1) ? `a multiple of ${known}` : known },
        { param: 'shape' },
      );
    }
    return { dtype: x.dtype, dims: r };
  },
  paramCount: () => 0,
  flops: () => 0,
  build(args, name, inputs) {
    const tfl = tfLayers();
    const target = need(ints(args, 'shape'), 'reshape', 'shape');
    // Resolve -1 here when the input size is known: tf.js leaves it unknown, which later layers may need.
    const resolved = inputs[0] ? reshapeTarget(inputs[0], target) : undefined;
    const known = Array.isArray(resolved) && resolved.every((d): d is number => typeof d === 'number') ? resolved : target;
    return tfl.layers.reshape({ name, targetShape: known });
  },
};

export const batchNorm: LayerEntry = {
  name: 'batch_norm',
  kind: 'layer',
  doc: 'Batch normalisation over the last (feature or channel) axis: normalises each feature by the batch mean and variance during training and by running averages at evaluation, then scales and shifts by learned parameters. Counts four weights per feature (scale, shift, moving mean, moving variance), as tf.js does.',
  example: 'batch_norm()',
  params: [
    { name: 'momentum', type: 'float', required: false, default: 0.99, range: { min: 0, max: 1 }, doc: 'Momentum of the running averages.' },
    { name: 'epsilon', type: 'float', required: false, default: 0.001, range: { min: 0, minInclusive: false }, doc: 'Added to the variance to avoid dividing by zero.' },
  ],
  inputs: one,
  shape([x]) {
    return expectFloat('batch_norm', x) ?? expectRank('batch_norm', x, [1, 2, 3], 'f32[..., c]') ?? { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount([x]) {
    const c = literalDim(lastDim(x));
    return c === undefined ? undefined : 4 * c;
  },
  flops([x]) {
    return product(4, ...x.dims);
  },
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.batchNormalization({ name, momentum: num(args, 'momentum') ?? 0.99, epsilon: num(args, 'epsilon') ?? 0.001 });
  },
};

export const layerNorm: LayerEntry = {
  name: 'layer_norm',
  kind: 'layer',
  doc: 'Layer normalisation: normalises each example over its last axis (per position in a sequence), then scales and shifts by learned parameters. The usual normalisation in transformers.',
  example: 'layer_norm()',
  params: [{ name: 'epsilon', type: 'float', required: false, default: 0.001, range: { min: 0, minInclusive: false }, doc: 'Added to the variance to avoid dividing by zero.' }],
  inputs: one,
  shape([x]) {
    return expectFloat('layer_norm', x) ?? expectRank('layer_norm', x, [1, 2, 3], 'f32[..., d]') ?? { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount([x]) {
    const c = literalDim(lastDim(x));
    return c === undefined ? undefined : 2 * c;
  },
  flops([x]) {
    return product(5, ...x.dims);
  },
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.layerNormalization({ name, epsilon: num(args, 'epsilon') ?? 0.001 });
  },
};

export const embedding: LayerEntry = {
  name: 'embedding',
  kind: 'layer',
  doc: 'Looks up a learned vector for each integer id: `i32[seq]` becomes `f32[seq, dim]`. Ids must be in [0, vocab); `tokenize` in a data block produces them.',
  example: 'embedding(8000, 64)',
  params: [positiveInt('vocab', 'Number of distinct ids (vocabulary size).'), positiveInt('dim', 'Length of each embedding vector.')],
  inputs: one,
  shape([x], args) {
    const dtype = expectDtype('embedding', x, 'i32', 'embedding takes integer ids; float features go straight to `dense`');
    if (dtype) return dtype;
    return expectRank('embedding', x, [1, 2], 'i32[seq]') ?? { dtype: 'f32', dims: [...x.dims, num(args, 'dim') ?? null] };
  },
  paramCount(_inputs, args) {
    return product(num(args, 'vocab'), num(args, 'dim'));
  },
  flops: () => 0,
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.embedding({ name, inputDim: need(num(args, 'vocab'), 'embedding', 'vocab'), outputDim: need(num(args, 'dim'), 'embedding', 'dim') });
  },
};

function positionalRows(x: TensorType, args: Parameters<LayerEntry['shape']>[1]): number | undefined {
  return num(args, 'max_len') ?? literalDim(x.dims[0]);
}

export const positionalEmbedding: LayerEntry = {
  name: 'positional_embedding',
  kind: 'layer',
  doc: 'Adds a learned vector for each position to a sequence `f32[seq, d]`, so that order-blind layers such as attention can tell positions apart. The table has `max_len` rows (by default, the sequence length).',
  example: 'positional_embedding()',
  params: [{ name: 'max_len', type: 'int', required: false, range: { min: 1 }, doc: 'Longest sequence supported; defaults to the input’s sequence length.' }],
  inputs: one,
  shape([x], args) {
    const problem = expectFloat('positional_embedding', x) ?? expectRank('positional_embedding', x, [2], 'f32[seq, d]');
    if (problem) return problem;
    const seq = literalDim(x.dims[0]);
    const maxLen = num(args, 'max_len');
    if (!('max_len' in args) && seq === undefined) {
      return shapeProblem(Codes.argumentCombination, { callee: 'positional_embedding', requirement: '`max_len` when the sequence length is not a number', found: formatType(x) }, { input: 0 });
    }
    if (maxLen !== undefined && seq !== undefined && seq > maxLen) {
      return shapeProblem(Codes.argumentCombination, { callee: 'positional_embedding', requirement: 'a sequence no longer than `max_len`', found: `max_len ${maxLen} and ${formatType(x)}` }, { param: 'max_len' });
    }
    return { dtype: 'f32', dims: [...x.dims] };
  },
  paramCount([x], args) {
    return product(positionalRows(x, args), lastDim(x));
  },
  flops([x]) {
    return product(...x.dims);
  },
  build(args, name, inputs) {
    const { PositionalEmbedding } = ensureCustomLayers();
    return new PositionalEmbedding({ name, maxLen: need(inputs[0] ? positionalRows(inputs[0], args) : num(args, 'max_len'), 'positional_embedding', 'max_len') });
  },
};

export const coreLayers: LayerEntry[] = [dense, dropout, flatten, reshape, embedding, positionalEmbedding, batchNorm, layerNorm];
