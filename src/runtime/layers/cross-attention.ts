// Cross-attention for multimodal fusion: a query sequence [sq, dq] attends
// over a context sequence [sk, dk] (another modality); output [sq, dq].

import type * as tf from '@tensorflow/tfjs-core';
import { addAttentionWeights, readAttentionWeights, type AttentionVariables } from './attention-weights.js';
import type { Kwargs, LayerArgs, Shape, KilnLayerBase, KilnLayerClass } from './kiln-layer.js';
import { tfCore } from './tfjs.js';
import { multiHeadAttention } from './ops.js';

export interface CrossAttentionArgs extends LayerArgs {
  heads: number;
  keyDim?: number;
  dropout?: number;
}

/** Creates the class; custom-layers.ts calls this once, with tf.js loaded, and registers it. */
export function defineCrossAttention(Base: KilnLayerBase): KilnLayerClass<CrossAttentionArgs> {
  const tf = tfCore();
  class CrossAttention extends Base {
    static className = 'KilnCrossAttention';
    readonly heads: number;
    readonly keyDim?: number;
    readonly dropout: number;
    private w?: AttentionVariables;
    private resolvedKeyDim = 0;

    constructor(args: CrossAttentionArgs) {
      super(args);
      this.heads = args.heads;
      this.keyDim = args.keyDim;
      this.dropout = args.dropout ?? 0;
    }

    override build(inputShape: Shape | Shape[]): void {
      const [query, context] = inputShape as Shape[];
      const dq = query[query.length - 1]!;
      const dk = context[context.length - 1]!;
      this.resolvedKeyDim = this.keyDim ?? dq / this.heads;
      this.w = addAttentionWeights((n, s, k) => this.weight(n, s, k), dq, dk, this.heads, this.resolvedKeyDim);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return (inputShape as Shape[])[0];
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
      return tf.tidy(() => {
        const [query, context] = inputs as tf.Tensor[];
        return multiHeadAttention(query, context, readAttentionWeights(this.w!), this.heads, this.resolvedKeyDim, this.dropout, this.isTraining(kwargs));
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), heads: this.heads, keyDim: this.keyDim ?? null, dropout: this.dropout };
    }
  }
  return CrossAttention;
}
