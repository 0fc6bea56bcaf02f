// Kiln's custom tf.js layers. Their classes extend tf.js's Layer, so they are
// created on first use, not when this module loads (which the check path
// does, through the catalog): `ensureCustomLayers()` loads tf.js, creates the
// classes once and registers them for serialization, which
// `tf.loadLayersModel` needs to read a saved model back. The runtime calls it
// before building or loading any model; the catalog's builders get the
// classes from it.

import { defineCrossAttention, type CrossAttentionArgs } from './cross-attention.js';
import { defineGatedFusion, type GatedFusionArgs } from './gated-fusion.js';
import { defineKilnLayerBase, type KilnLayerClass } from './kiln-layer.js';
import { defineMultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';
import { definePositionalEmbedding, type PositionalEmbeddingArgs } from './positional-embedding.js';
import { tfCore, tfLayers } from './tfjs.js';
import { defineTransformerEncoder, type TransformerEncoderArgs } from './transformer-encoder.js';

export type { CrossAttentionArgs, GatedFusionArgs, MultiHeadAttentionArgs, PositionalEmbeddingArgs, TransformerEncoderArgs };
export { attentionParamCount } from './attention-weights.js';
export { tfCore, tfLayers } from './tfjs.js';

export interface CustomLayers {
  MultiHeadAttention: KilnLayerClass<MultiHeadAttentionArgs>;
  CrossAttention: KilnLayerClass<CrossAttentionArgs>;
  TransformerEncoder: KilnLayerClass<TransformerEncoderArgs>;
  PositionalEmbedding: KilnLayerClass<PositionalEmbeddingArgs>;
  GatedFusion: KilnLayerClass<GatedFusionArgs>;
}

let customLayers: CustomLayers | undefined;

/** The custom layer classes, created and registered for serialization on the first call. */
export function ensureCustomLayers(): CustomLayers {
  if (customLayers) return customLayers;
  const base = defineKilnLayerBase();
  const classes: CustomLayers = {
    MultiHeadAttention: defineMultiHeadAttention(base),
    CrossAttention: defineCrossAttention(base),
    TransformerEncoder: defineTransformerEncoder(base),
    PositionalEmbedding: definePositionalEmbedding(base),
    GatedFusion: defineGatedFusion(base),
  };
  const tf = tfCore();
  for (const cls of Object.values(classes)) tf.serialization.registerClass(cls as Parameters<typeof tf.serialization.registerClass>[0]);
  customLayers = classes;
  return classes;
}
