// The base of Kiln's custom tf.js layers: weight creation with the shared
// initialisers, and reading the `training` flag tf.js passes to `call`.
// The class extends tf.js's Layer, so it is created on first use (see
// custom-layers.ts) rather than when this module loads.

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { tfLayers } from './tfjs.js';

export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
export type Kwargs = Record<string, unknown>;
export type Shape = tfl.Shape;
export type WeightKind = 'kernel' | 'bias' | 'gamma' | 'embedding';

export interface KilnLayer extends tfl.layers.Layer {
  /** Glorot-uniform kernels and zero biases, as tf.js's own dense layers start. */
  weight(name: string, shape: number[], kind: WeightKind): tfl.LayerVariable;
  isTraining(kwargs: Kwargs): boolean;
}

export type KilnLayerBase = abstract new (args: LayerArgs) => KilnLayer;

/** A custom layer class: constructible from its arguments, and registrable for serialization. */
export interface KilnLayerClass<Args extends LayerArgs> {
  new (args: Args): tfl.layers.Layer;
  className: string;
}

export function defineKilnLayerBase(): KilnLayerBase {
  const tfl = tfLayers();
  abstract class KilnLayerImpl extends tfl.layers.Layer implements KilnLayer {
    weight(name: string, shape: number[], kind: WeightKind): tfl.LayerVariable {
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

    isTraining(kwargs: Kwargs): boolean {
      return kwargs['training'] === true;
    }
  }
  return KilnLayerImpl;
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
