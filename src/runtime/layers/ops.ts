// Tensor operations shared by Kiln's custom layers: projections over the
// last axis of any-rank inputs, multi-head scaled dot-product attention, and
// layer normalisation. Written against tfjs-core only, so the layers that use
// them keep all their state in weights (and so save and load with the model).

import type * as tf from '@tensorflow/tfjs-core';
import { tfCore } from './tfjs.js';

/** `x · w + b` over the last axis, for inputs of any rank. */
export function project(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const tf = tfCore();
  const inDim = x.shape[x.shape.length - 1];
  const outDim = w.shape[1] as number;
  const flat = tf.reshape(x, [-1, inDim]);
  let y: tf.Tensor = tf.matMul(flat as tf.Tensor2D, w as tf.Tensor2D);
  if (b) y = tf.add(y, b);
  return tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

/** [batch, seq, heads*keyDim] → [batch, heads, seq, keyDim]. */
function splitHeads(x: tf.Tensor, heads: number, keyDim: number): tf.Tensor4D {
  const tf = tfCore();
  const [batch, seq] = x.shape;
  return tf.transpose(tf.reshape(x, [batch, seq, heads, keyDim]), [0, 2, 1, 3]);
}

/** [batch, heads, seq, keyDim] → [batch, seq, heads*keyDim]. */
function mergeHeads(x: tf.Tensor): tf.Tensor3D {
  const tf = tfCore();
  const [batch, heads, seq, keyDim] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, seq, heads * keyDim]);
}

export interface AttentionWeights {
  wq: tf.Tensor;
  bq: tf.Tensor;
  wk: tf.Tensor;
  bk: tf.Tensor;
  wv: tf.Tensor;
  bv: tf.Tensor;
  wo: tf.Tensor;
  bo: tf.Tensor;
}

/**
 * Multi-head attention of `query` [batch, sq, dq] over `context` [batch, sk, dk]:
 * softmax(Q Kᵀ / √keyDim) V per head, heads concatenated and projected back to dq.
 */
export function multiHeadAttention(
  query: tf.Tensor,
  context: tf.Tensor,
  w: AttentionWeights,
  heads: number,
  keyDim: number,
  dropoutRate: number,
  training: boolean,
): tf.Tensor {
  const tf = tfCore();
  const q = splitHeads(project(query, w.wq, w.bq), heads, keyDim);
  const k = splitHeads(project(context, w.wk, w.bk), heads, keyDim);
  const v = splitHeads(project(context, w.wv, w.bv), heads, keyDim);
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(keyDim));
  let probs: tf.Tensor = tf.softmax(scores);
  if (training && dropoutRate > 0) probs = tf.dropout(probs, dropoutRate);
  const attended = mergeHeads(tf.matMul(probs as tf.Tensor4D, v));
  return project(attended, w.wo, w.bo);
}

/** Normalises over the last axis, then scales and shifts. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const tf = tfCore();
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

export function maybeDropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  const tf = tfCore();
  return training && rate > 0 ? tf.dropout(x, rate) : x;
}

/** Applies a Kiln activation by name (the feed-forward of an encoder block). */
export function activate(x: tf.Tensor, name: string): tf.Tensor {
  const tf = tfCore();
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'gelu':
      // The exact (erf) form, the same as tf.js's `gelu` activation.
      return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softmax':
      return tf.softmax(x);
    default:
      return x;
  }
}
