// Kiln's custom tf.js layers. Importing this module registers them all for
// serialization, which `tf.loadLayersModel` needs to read a saved model back,
// and installs the Tensor methods tfjs-layers relies on.

import './tensor-methods.js';

export { MultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';
export { CrossAttention, type CrossAttentionArgs } from './cross-attention.js';
export { TransformerEncoder, type TransformerEncoderArgs } from './transformer-encoder.js';
export { PositionalEmbedding, type PositionalEmbeddingArgs } from './positional-embedding.js';
export { GatedFusion, type GatedFusionArgs } from './gated-fusion.js';
export { attentionParamCount } from './attention-weights.js';
