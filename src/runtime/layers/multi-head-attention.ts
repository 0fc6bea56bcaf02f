// Multi-head self-attention over a sequence [seq, d] → [seq, d].
// tf.js's Layers API has no public attention layer, so this is Kiln's own,
// registered for serialization so saved models load again.

import type * as tf from '@tensorflow/tfjs-core';
import { addAttentionWeights, readAttentionWeights, type AttentionVariables } from './attention-weights.js';
import { lastDimOf, single, type Kwargs, type LayerArgs, type Shape, type KilnLayerBase, type KilnLayerClass } from './kiln-layer.js';
import { tfCore } from './tfjs.js';
import { multiHeadAttention } from './ops.js';

export interface MultiHeadAttentionArgs extends LayerArgs {
  heads: number;
  /** Width of each head; defaults to d / heads. */
  keyDim?: number;
  dropout?: number;
}

/** Creates the class; custom-layers.ts calls this once, with tf.js loaded, and registers it. */
export function defineMultiHeadAttention(Base: KilnLayerBase): KilnLayerClass<MultiHeadAttentionArgs> {
  const tf = tfCore();
  class MultiHeadAttention extends Base {
    static className = 'KilnMultiHeadAttention';
    readonly heads: number;
    readonly keyDim?: number;
    readonly dropout: number;
    private w?: AttentionVariables;
    private resolvedKeyDim = 0;

    constructor(args: MultiHeadAttentionArgs) {
      super(args);
      this.heads = args.heads;
      this.keyDim = args.keyDim;
      this.dropout = args.dropout ?? 0;
    }

    override build(inputShape: Shape | Shape[]): void {
      const d = lastDimOf(inputShape, 'multi_head_attention');
      this.resolvedKeyDim = this.keyDim ?? d / this.heads;
      this.w = addAttentionWeights((n, s, k) => this.weight(n, s, k), d, d, this.heads, this.resolvedKeyDim);
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        return multiHeadAttention(x, x, readAttentionWeights(this.w!), this.heads, this.resolvedKeyDim, this.dropout, this.isTraining(kwargs));
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), heads: this.heads, keyDim: this.keyDim ?? null, dropout: this.dropout };
    }
  }
  return MultiHeadAttention;
}
