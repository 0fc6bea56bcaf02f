// Learned positional embedding: adds a trainable vector per position to a
// sequence [seq, d]. The table has `maxLen` rows; a shorter sequence uses
// the first `seq` of them.

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { lastDimOf, single, type LayerArgs, type Shape, type KilnLayerBase, type KilnLayerClass } from './kiln-layer.js';
import { tfCore } from './tfjs.js';

export interface PositionalEmbeddingArgs extends LayerArgs {
  maxLen: number;
}

/** Creates the class; custom-layers.ts calls this once, with tf.js loaded, and registers it. */
export function definePositionalEmbedding(Base: KilnLayerBase): KilnLayerClass<PositionalEmbeddingArgs> {
  const tf = tfCore();
  class PositionalEmbedding extends Base {
    static className = 'KilnPositionalEmbedding';
    readonly maxLen: number;
    private table?: tfl.LayerVariable;

    constructor(args: PositionalEmbeddingArgs) {
      super(args);
      this.maxLen = args.maxLen;
    }

    override build(inputShape: Shape | Shape[]): void {
      const d = lastDimOf(inputShape, 'positional_embedding');
      this.table = this.weight('positions', [this.maxLen, d], 'embedding');
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        const seq = x.shape[1] as number;
        const positions = tf.slice(this.table!.read(), [0, 0], [seq, -1]);
        return tf.add(x, positions);
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), maxLen: this.maxLen };
    }
  }
  return PositionalEmbedding;
}
