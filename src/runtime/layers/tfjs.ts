// TensorFlow.js, loaded on first use. The catalog's builders and Kiln's
// custom layers need tf.js, but `kiln check` and the language server only
// read the catalog's rules, and importing tf.js costs the better part of a
// second. So modules reachable from the check path never import tf.js at the
// top: they `import type` it and call `tfCore()` / `tfLayers()` where they
// build something, usually as `const tf = tfCore();` (the local value shadows
// only the value of the type-only namespace, so `tf.Tensor` still names the
// type).
//
// Both packages' "main" is a CommonJS file, and Node's ESM `import` of them
// goes through the same CommonJS loader, so this `require` returns the very
// module instances the runtime's ESM imports see: one tf.js engine, one
// serialization registry.

import { createRequire } from 'node:module';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { installTensorMethods } from './tensor-methods.js';

const require = createRequire(import.meta.url);

let core: typeof TfCore | undefined;
let layers: typeof TfLayers | undefined;

export function tfCore(): typeof TfCore {
  return (core ??= require('@tensorflow/tfjs-core') as typeof TfCore);
}

/** tfjs-layers, with the Tensor methods it calls installed (see tensor-methods.ts). */
export function tfLayers(): typeof TfLayers {
  if (!layers) {
    layers = require('@tensorflow/tfjs-layers') as typeof TfLayers;
    installTensorMethods(tfCore());
  }
  return layers;
}
