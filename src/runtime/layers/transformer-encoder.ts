// A transformer encoder block, post-norm as in "Attention Is All You Need":
//   h = LayerNorm(x + Dropout(SelfAttention(x)))
//   y = LayerNorm(h + Dropout(W2 · act(W1 · h + b1) + b2))
// One layer holding all its weights, so it saves and loads as a unit.

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { addAttentionWeights, readAttentionWeights, type AttentionVariables } from './attention-weights.js';
import { lastDimOf, single, type Kwargs, type LayerArgs, type Shape, type KilnLayerBase, type KilnLayerClass } from './kiln-layer.js';
import { tfCore } from './tfjs.js';
import { activate, layerNorm, maybeDropout, multiHeadAttention, project } from './ops.js';

export interface TransformerEncoderArgs extends LayerArgs {
  heads: number;
  ff: number;
  dropout?: number;
  activation?: string;
  epsilon?: number;
}

/** Creates the class; custom-layers.ts calls this once, with tf.js loaded, and registers it. */
export function defineTransformerEncoder(Base: KilnLayerBase): KilnLayerClass<TransformerEncoderArgs> {
  const tf = tfCore();
  class TransformerEncoder extends Base {
    static className = 'KilnTransformerEncoder';
    readonly heads: number;
    readonly ff: number;
    readonly dropout: number;
    readonly activation: string;
    readonly epsilon: number;
    private attention?: AttentionVariables;
    private norm1?: { gamma: tfl.LayerVariable; beta: tfl.LayerVariable };
    private norm2?: { gamma: tfl.LayerVariable; beta: tfl.LayerVariable };
    private ffIn?: { kernel: tfl.LayerVariable; bias: tfl.LayerVariable };
    private ffOut?: { kernel: tfl.LayerVariable; bias: tfl.LayerVariable };
    private keyDim = 0;

    constructor(args: TransformerEncoderArgs) {
      super(args);
      this.heads = args.heads;
      this.ff = args.ff;
      this.dropout = args.dropout ?? 0;
      this.activation = args.activation ?? 'relu';
      this.epsilon = args.epsilon ?? 1e-5;
    }

    override build(inputShape: Shape | Shape[]): void {
      const d = lastDimOf(inputShape, 'encoder');
      this.keyDim = d / this.heads;
      const add = (n: string, s: number[], k: 'kernel' | 'bias' | 'gamma') => this.weight(n, s, k);
      this.attention = addAttentionWeights(add, d, d, this.heads, this.keyDim);
      this.norm1 = { gamma: add('norm1/gamma', [d], 'gamma'), beta: add('norm1/beta', [d], 'bias') };
      this.ffIn = { kernel: add('ff1/kernel', [d, this.ff], 'kernel'), bias: add('ff1/bias', [this.ff], 'bias') };
      this.ffOut = { kernel: add('ff2/kernel', [this.ff, d], 'kernel'), bias: add('ff2/bias', [d], 'bias') };
      this.norm2 = { gamma: add('norm2/gamma', [d], 'gamma'), beta: add('norm2/beta', [d], 'bias') };
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
      return tf.tidy(() => {
        const x = single(inputs);
        const training = this.isTraining(kwargs);
        const attended = multiHeadAttention(x, x, readAttentionWeights(this.attention!), this.heads, this.keyDim, this.dropout, training);
        const h = layerNorm(tf.add(x, maybeDropout(attended, this.dropout, training)), this.norm1!.gamma.read(), this.norm1!.beta.read(), this.epsilon);
        const inner = activate(project(h, this.ffIn!.kernel.read(), this.ffIn!.bias.read()), this.activation);
        const f = project(inner, this.ffOut!.kernel.read(), this.ffOut!.bias.read());
        return layerNorm(tf.add(h, maybeDropout(f, this.dropout, training)), this.norm2!.gamma.read(), this.norm2!.beta.read(), this.epsilon);
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return {
        ...super.getConfig(),
        heads: this.heads,
        ff: this.ff,
        dropout: this.dropout,
        activation: this.activation,
        epsilon: this.epsilon,
      };
    }
  }
  return TransformerEncoder;
}
