// tfjs-layers calls some ops as Tensor methods (`x.flatten()`, `q.transpose()`,
// e.g. in the orthogonal initializer every LSTM and GRU uses). Those methods
// are installed by the `@tensorflow/tfjs` umbrella package, which Kiln does
// not depend on; with tfjs-core alone they are missing. This installs the
// plain one-tensor ones, each delegating to the tfjs-core op, where absent;
// `tfLayers()` (tfjs.ts) calls it when it first loads tfjs-layers.

import type * as TfCore from '@tensorflow/tfjs-core';
import type * as tf from '@tensorflow/tfjs-core';

/** Methods that are `op(this, ...args)` under the same name. */
const delegating = [
  'abs', 'acos', 'acosh', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'asinh', 'atan', 'atan2', 'atanh',
  'avgPool', 'batchToSpaceND', 'broadcastTo', 'cast', 'ceil', 'clipByValue', 'conv1d', 'conv2d', 'cos', 'cosh',
  'cumprod', 'cumsum', 'depthToSpace', 'depthwiseConv2d', 'div', 'divNoNan', 'dot', 'elu', 'equal', 'erf',
  'euclideanNorm', 'exp', 'expandDims', 'expm1', 'floor', 'floorDiv', 'gather', 'greater', 'greaterEqual',
  'isFinite', 'isInf', 'isNaN', 'leakyRelu', 'less', 'lessEqual', 'log', 'log1p', 'logSigmoid', 'logSoftmax',
  'logSumExp', 'logicalAnd', 'logicalNot', 'logicalOr', 'logicalXor', 'matMul', 'max', 'maxPool', 'maximum',
  'mean', 'min', 'minimum', 'mirrorPad', 'mod', 'mul', 'neg', 'norm', 'notEqual', 'oneHot', 'onesLike', 'pad',
  'pow', 'prelu', 'prod', 'reciprocal', 'relu', 'relu6', 'reshape', 'reverse', 'round', 'rsqrt', 'selu',
  'sigmoid', 'sign', 'sin', 'sinh', 'slice', 'softmax', 'softplus', 'spaceToBatchND', 'split', 'sqrt', 'square',
  'squaredDifference', 'squeeze', 'step', 'stridedSlice', 'sub', 'sum', 'tan', 'tanh', 'tile', 'topk',
  'transpose', 'unsortedSegmentSum', 'unstack', 'zerosLike',
] as const;

type Method = (this: tf.Tensor, ...args: unknown[]) => unknown;

function install(proto: Record<string, unknown>, name: string, method: Method): void {
  if (typeof proto[name] !== 'function') proto[name] = method;
}

export function installTensorMethods(tf: typeof TfCore): void {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = tf as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of delegating) {
    const op = ops[name];
    if (typeof op === 'function') install(proto, name, function (...args) { return op(this, ...args); });
  }
  install(proto, 'flatten', function () { return tf.reshape(this, [this.size]); });
  install(proto, 'asType', function (dtype) { return tf.cast(this, dtype as tf.DataType); });
  install(proto, 'toFloat', function () { return tf.cast(this, 'float32'); });
  install(proto, 'toInt', function () { return tf.cast(this, 'int32'); });
  install(proto, 'toBool', function () { return tf.cast(this, 'bool'); });
  install(proto, 'asScalar', function () { return tf.reshape(this, []); });
  install(proto, 'as1D', function () { return tf.reshape(this, [this.size]); });
  install(proto, 'as2D', function (rows, columns) { return tf.reshape(this, [rows as number, columns as number]); });
  install(proto, 'reshapeAs', function (other) { return tf.reshape(this, (other as tf.Tensor).shape); });
  install(proto, 'concat', function (x, axis) {
    const rest = Array.isArray(x) ? (x as tf.Tensor[]) : [x as tf.Tensor];
    return tf.concat([this, ...rest], axis as number | undefined);
  });
}
