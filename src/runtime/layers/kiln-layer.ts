// The base of Kiln's custom tf.js layers: weight creation with the shared
// initialisers, and reading the `training` flag tf.js passes to `call`.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
export type Kwargs = Record<string, unknown>;
export type Shape = tfl.Shape;

export abstract class KilnLayer extends tfl.layers.Layer {
  /** Glorot-uniform kernels and zero biases, as tf.js's own dense layers start. */
  protected weight(name: string, shape: number[], kind: 'kernel' | 'bias' | 'gamma' | 'embedding'): tfl.LayerVariable {
    const initializer =
      kind === 'kernel'
        ? tfl.initializers.glorotUniform({})
        : kind === 'gamma'
          ? tfl.initializers.ones()
          : kind === 'embedding'
            ? tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05 })
            : tfl.initializers.zeros();
    return this.addWeight(name, shape, 'float32', initializer);
  }

  protected isTraining(kwargs: Kwargs): boolean {
    return kwargs['training'] === true;
  }
}

/** The last dimension of a (single) build shape, which custom layers need known. */
export function lastDimOf(shape: Shape | Shape[], layer: string): number {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
  const d = s[s.length - 1];
  if (d === null || d === undefined) throw new Error(`internal: ${layer} needs its input's last dimension known`);
  return d;
}

export function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}
