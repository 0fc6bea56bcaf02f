// Gated fusion of two modalities (a gated multimodal unit):
//   h1 = tanh(x1 W1 + b1), h2 = tanh(x2 W2 + b2)
//   g  = sigmoid([x1; x2] Wg + bg)
//   y  = g ⊙ h1 + (1 − g) ⊙ h2
// The gate learns, per feature, how much to trust each modality.

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs, Shape, KilnLayerBase, KilnLayerClass } from './kiln-layer.js';
import { tfCore } from './tfjs.js';
import { project } from './ops.js';

export interface GatedFusionArgs extends LayerArgs {
  units: number;
}

/** Creates the class; custom-layers.ts calls this once, with tf.js loaded, and registers it. */
export function defineGatedFusion(Base: KilnLayerBase): KilnLayerClass<GatedFusionArgs> {
  const tf = tfCore();
  class GatedFusion extends Base {
    static className = 'KilnGatedFusion';
    readonly units: number;
    private w?: Record<'w1' | 'b1' | 'w2' | 'b2' | 'wg' | 'bg', tfl.LayerVariable>;

    constructor(args: GatedFusionArgs) {
      super(args);
      this.units = args.units;
    }

    override build(inputShape: Shape | Shape[]): void {
      const [a, b] = inputShape as Shape[];
      const d1 = a[a.length - 1]!;
      const d2 = b[b.length - 1]!;
      const u = this.units;
      this.w = {
        w1: this.weight('first/kernel', [d1, u], 'kernel'),
        b1: this.weight('first/bias', [u], 'bias'),
        w2: this.weight('second/kernel', [d2, u], 'kernel'),
        b2: this.weight('second/bias', [u], 'bias'),
        wg: this.weight('gate/kernel', [d1 + d2, u], 'kernel'),
        bg: this.weight('gate/bias', [u], 'bias'),
      };
      this.built = true;
    }

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const a = (inputShape as Shape[])[0];
      return [...a.slice(0, -1), this.units];
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const [x1, x2] = inputs as tf.Tensor[];
        const w = this.w!;
        const h1 = tf.tanh(project(x1, w.w1.read(), w.b1.read()));
        const h2 = tf.tanh(project(x2, w.w2.read(), w.b2.read()));
        const g = tf.sigmoid(project(tf.concat([x1, x2], -1), w.wg.read(), w.bg.read()));
        return tf.add(tf.mul(g, h1), tf.mul(tf.sub(1, g), h2));
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), units: this.units };
    }
  }
  return GatedFusion;
}
