// Merges: operations that combine several values into one (`concat(a, b)`),
// including the multimodal fusion ops gated_fusion and cross_attention.

import type * as tfl from '@tensorflow/tfjs-layers';
import { dimSum, literalDim } from '../../types/dims.js';
import { dimsConflict, formatType, type Dim, type TensorType } from '../../types/tensor.js';
import type { LayerEntry, ShapeProblem } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { expectFloat, lastDim, need, num, product } from '../rules.js';
import { positiveInt } from './common-params.js';
import { attentionFlops, headWidth } from './sequence-layers.js';
import { attentionParamCount, ensureCustomLayers, tfLayers } from '../../runtime/layers/index.js';

function inputCount(callee: string, inputs: TensorType[], expected: number): ShapeProblem | undefined {
  if (inputs.length === expected) return undefined;
  return shapeProblem(Codes.inputCount, { callee, expected, found: inputs.length });
}

function described(t: TensorType, i: number): string {
  return `${formatType(t)} (input ${i + 1})`;
}

/** All inputs have the same rank and dtype; the first mismatch otherwise. */
function sameRankAndDtype(callee: string, inputs: TensorType[]): ShapeProblem | undefined {
  const first = inputs[0];
  for (let i = 1; i < inputs.length; i++) {
    const t = inputs[i];
    if (t.dtype !== first.dtype) {
      return shapeProblem(Codes.mergeMismatch, { callee, what: 'dtype', left: described(first, 0), right: described(t, i) }, { input: i });
    }
    if (t.dims.length !== first.dims.length) {
      return shapeProblem(Codes.mergeMismatch, { callee, what: 'rank', left: described(first, 0), right: described(t, i) }, { input: i, help: 'flatten or pool the inputs to the same rank first' });
    }
  }
  return undefined;
}

/** Where dims agree, the more informative of the two (a literal over a symbol over unknown). */
function unify(a: Dim, b: Dim): Dim {
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  return a ?? b;
}

function normaliseAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? rank + axis : axis;
  return a >= 0 && a < rank ? a : undefined;
}

export const concat: LayerEntry = {
  name: 'concat',
  kind: 'merge',
  doc: 'Joins its inputs along `axis` (by default the last): `concat(f32[64], f32[32])` is `f32[96]`. All other dimensions must agree. Axes count from 0 and exclude the batch.',
  example: 'concat(text_features, image_features)',
  params: [{ name: 'axis', type: 'int', required: false, default: -1, doc: 'Axis to join along; negative counts from the end.' }],
  inputs: { min: 2 },
  shape(inputs, args) {
    if (inputs.length < 2) return shapeProblem(Codes.inputCount, { callee: 'concat', expected: 'at least 2', found: inputs.length });
    const problem = sameRankAndDtype('concat', inputs);
    if (problem) return problem;
    const rank = inputs[0].dims.length;
    const axisArg = num(args, 'axis') ?? -1;
    const axis = normaliseAxis(axisArg, rank);
    if (axis === undefined) {
      return shapeProblem(Codes.argumentRange, { name: 'axis', callee: 'concat', range: `in [${-rank}, ${rank - 1}] for rank-${rank} inputs`, found: String(axisArg) }, { param: 'axis' });
    }
    const dims: Dim[] = [...inputs[0].dims];
    for (let i = 1; i < inputs.length; i++) {
      for (let d = 0; d < rank; d++) {
        if (d === axis) continue;
        if (dimsConflict(dims[d], inputs[i].dims[d])) {
          return shapeProblem(
            Codes.mergeMismatch,
            { callee: 'concat', what: `dimension ${d}`, left: described(inputs[0], 0), right: described(inputs[i], i) },
            { input: i, help: rank > 1 ? `inputs may differ only along axis ${axis}` : undefined },
          );
        }
        dims[d] = unify(dims[d], inputs[i].dims[d]);
      }
    }
    dims[axis] = dimSum(inputs.map((t) => t.dims[axis]));
    return { dtype: inputs[0].dtype, dims };
  },
  paramCount: () => 0,
  flops: () => 0,
  build(args, name) {
    const tfl = tfLayers();
    const axis = num(args, 'axis') ?? -1;
    // tf.js counts the batch axis; Kiln does not.
    return tfl.layers.concatenate({ name, axis: axis < 0 ? axis : axis + 1 });
  },
};

function elementwise(name: 'add' | 'multiply', doc: string): LayerEntry {
  const entry: LayerEntry = {
    name,
    kind: 'merge',
    doc,
    example: `${name}(a, b)`,
    params: [],
    inputs: { min: 2 },
    shape(inputs) {
      if (inputs.length < 2) return shapeProblem(Codes.inputCount, { callee: name, expected: 'at least 2', found: inputs.length });
      const problem = sameRankAndDtype(name, inputs);
      if (problem) return problem;
      const dims: Dim[] = [...inputs[0].dims];
      for (let i = 1; i < inputs.length; i++) {
        for (let d = 0; d < dims.length; d++) {
          if (dimsConflict(dims[d], inputs[i].dims[d])) {
            return shapeProblem(Codes.mergeMismatch, { callee: name, what: `dimension ${d}`, left: described(inputs[0], 0), right: described(inputs[i], i) }, { input: i, help: `\`${name}\` needs inputs of identical shape` });
          }
          dims[d] = unify(dims[d], inputs[i].dims[d]);
        }
      }
      return { dtype: inputs[0].dtype, dims };
    },
    paramCount: () => 0,
    flops(inputs) {
      const n = product(...(inputs[0]?.dims ?? []));
      return n === undefined ? undefined : n * (inputs.length - 1);
    },
    build(_args, layerName) {
      const tfl = tfLayers();
      return name === 'add' ? tfl.layers.add({ name: layerName }) : tfl.layers.multiply({ name: layerName });
    },
  };
  return entry;
}

export const add = elementwise('add', 'Adds its inputs element by element; all must have the same shape. Used for residual connections.');
export const multiply = elementwise('multiply', 'Multiplies its inputs element by element; all must have the same shape. Used for gating.');

export const gatedFusion: LayerEntry = {
  name: 'gated_fusion',
  kind: 'merge',
  doc: 'Fuses two modalities with a learned gate (a gated multimodal unit): each input is projected to `units` through tanh, and a sigmoid gate computed from both decides, per feature, how much of each to keep. `gated_fusion(f32[64], f32[128], units: 32)` is `f32[32]`.',
  example: 'gated_fusion(text_vec, image_vec, units: 64)',
  params: [positiveInt('units', 'Width of the fused output.')],
  inputs: { min: 2, max: 2 },
  shape(inputs, args) {
    const problem = inputCount('gated_fusion', inputs, 2) ?? expectFloat('gated_fusion', inputs[0], 0) ?? expectFloat('gated_fusion', inputs[1], 1);
    if (problem) return problem;
    const [a, b] = inputs;
    if (a.dims.length !== b.dims.length || a.dims.length === 0) {
      return shapeProblem(Codes.mergeMismatch, { callee: 'gated_fusion', what: 'rank', left: described(a, 0), right: described(b, 1) }, { input: 1, help: 'pool or flatten both inputs to vectors first' });
    }
    for (let d = 0; d < a.dims.length - 1; d++) {
      if (dimsConflict(a.dims[d], b.dims[d])) {
        return shapeProblem(Codes.mergeMismatch, { callee: 'gated_fusion', what: `dimension ${d}`, left: described(a, 0), right: described(b, 1) }, { input: 1 });
      }
    }
    return { dtype: 'f32', dims: [...a.dims.slice(0, -1), num(args, 'units') ?? null] };
  },
  paramCount(inputs, args) {
    const u = num(args, 'units');
    const d1 = literalDim(lastDim(inputs[0]));
    const d2 = literalDim(lastDim(inputs[1]));
    if (u === undefined || d1 === undefined || d2 === undefined) return undefined;
    return (d1 + 1) * u + (d2 + 1) * u + (d1 + d2 + 1) * u;
  },
  flops(inputs, args) {
    const u = num(args, 'units');
    const d1 = literalDim(lastDim(inputs[0]));
    const d2 = literalDim(lastDim(inputs[1]));
    const positions = product(...inputs[0].dims.slice(0, -1));
    if (u === undefined || d1 === undefined || d2 === undefined || positions === undefined) return undefined;
    return positions * 2 * u * 2 * (d1 + d2);
  },
  build(args, name) {
    const { GatedFusion } = ensureCustomLayers();
    return new GatedFusion({ name, units: need(num(args, 'units'), 'gated_fusion', 'units') });
  },
};

export const crossAttention: LayerEntry = {
  name: 'cross_attention',
  kind: 'merge',
  doc: 'Cross-modal attention: each position of the first input (the query sequence `f32[sq, dq]`) attends over the second (the context `f32[sk, dk]`, e.g. image patches), in `heads` heads. The output has the query’s shape `f32[sq, dq]`.',
  example: 'cross_attention(text_seq, image_patches, heads: 4)',
  params: [
    positiveInt('heads', 'Number of attention heads.'),
    { name: 'key_dim', type: 'int', required: false, range: { min: 1 }, doc: 'Width of each head; defaults to dq / heads.' },
    { name: 'dropout', type: 'float', required: false, default: 0, range: { min: 0, max: 1, maxInclusive: false }, doc: 'Dropout on the attention weights during training.' },
  ],
  inputs: { min: 2, max: 2 },
  shape(inputs, args) {
    const problem = inputCount('cross_attention', inputs, 2) ?? expectFloat('cross_attention', inputs[0], 0) ?? expectFloat('cross_attention', inputs[1], 1);
    if (problem) return problem;
    for (let i = 0; i < 2; i++) {
      if (inputs[i].dims.length !== 2) {
        return shapeProblem(
          Codes.inputRank,
          { callee: 'cross_attention', expected: `a rank-2 ${i === 0 ? 'query' : 'context'} (f32[seq, d])`, found: formatType(inputs[i]) },
          { input: i, label: 'needs f32[seq, d]', help: i === 1 ? 'reshape image features into patches, e.g. `reshape([-1, channels])`' : undefined },
        );
      }
    }
    const k = headWidth('cross_attention', literalDim(lastDim(inputs[0])), num(args, 'heads'), num(args, 'key_dim'), 'the query width');
    if (typeof k === 'object') return k;
    return { dtype: 'f32', dims: [...inputs[0].dims] };
  },
  paramCount(inputs, args) {
    const dq = literalDim(lastDim(inputs[0]));
    const dk = literalDim(lastDim(inputs[1]));
    const h = num(args, 'heads');
    const k = headWidth('cross_attention', dq, h, num(args, 'key_dim'), 'dq');
    if (dq === undefined || dk === undefined || h === undefined || k === undefined || typeof k === 'object') return undefined;
    return attentionParamCount(dq, dk, h, k);
  },
  flops(inputs, args) {
    const [q, c] = inputs;
    const dq = literalDim(lastDim(q));
    const k = headWidth('cross_attention', dq, num(args, 'heads'), num(args, 'key_dim'), 'dq');
    if (typeof k === 'object') return undefined;
    return attentionFlops(literalDim(q.dims[0]), literalDim(c.dims[0]), dq, literalDim(lastDim(c)), num(args, 'heads'), k);
  },
  build(args, name) {
    const { CrossAttention } = ensureCustomLayers();
    return new CrossAttention({ name, heads: need(num(args, 'heads'), 'cross_attention', 'heads'), keyDim: num(args, 'key_dim'), dropout: num(args, 'dropout') ?? 0 });
  },
};

export const merges: LayerEntry[] = [concat, add, multiply, gatedFusion, crossAttention];
