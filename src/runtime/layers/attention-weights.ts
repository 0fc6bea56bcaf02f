// Creates the query/key/value/output projection weights of an attention
// layer, with the names and initialisers every Kiln attention layer shares.

import type * as tfl from '@tensorflow/tfjs-layers';
import type { AttentionWeights } from './ops.js';

type WeightAdder = (name: string, shape: number[], kind: 'kernel' | 'bias') => tfl.LayerVariable;

export interface AttentionVariables {
  wq: tfl.LayerVariable;
  bq: tfl.LayerVariable;
  wk: tfl.LayerVariable;
  bk: tfl.LayerVariable;
  wv: tfl.LayerVariable;
  bv: tfl.LayerVariable;
  wo: tfl.LayerVariable;
  bo: tfl.LayerVariable;
}

export function addAttentionWeights(add: WeightAdder, queryDim: number, contextDim: number, heads: number, keyDim: number): AttentionVariables {
  const inner = heads * keyDim;
  return {
    wq: add('query/kernel', [queryDim, inner], 'kernel'),
    bq: add('query/bias', [inner], 'bias'),
    wk: add('key/kernel', [contextDim, inner], 'kernel'),
    bk: add('key/bias', [inner], 'bias'),
    wv: add('value/kernel', [contextDim, inner], 'kernel'),
    bv: add('value/bias', [inner], 'bias'),
    wo: add('output/kernel', [inner, queryDim], 'kernel'),
    bo: add('output/bias', [queryDim], 'bias'),
  };
}

export function readAttentionWeights(v: AttentionVariables): AttentionWeights {
  return {
    wq: v.wq.read(),
    bq: v.bq.read(),
    wk: v.wk.read(),
    bk: v.bk.read(),
    wv: v.wv.read(),
    bv: v.bv.read(),
    wo: v.wo.read(),
    bo: v.bo.read(),
  };
}

/** Attention parameter count: Q, K, V and output projections with biases. */
export function attentionParamCount(queryDim: number, contextDim: number, heads: number, keyDim: number): number {
  const inner = heads * keyDim;
  return queryDim * inner + inner + 2 * (contextDim * inner + inner) + inner * queryDim + queryDim;
}
