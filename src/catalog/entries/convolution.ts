// Convolution and pooling: conv1d over sequences [len, channels], conv2d
// over images [height, width, channels], and pooling for either.

import type * as tfl from '@tensorflow/tfjs-layers';
import { tfLayers } from '../../runtime/layers/index.js';
import { literalDim, windowOutputDim, type Padding } from '../../types/dims.js';
import { formatType, type Dim, type TensorType } from '../../types/tensor.js';
import type { ArgValues } from '../../types/values.js';
import type { LayerEntry, ShapeResult } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { expectFloat, expectRank, ints, lastDim, need, num, product, str } from '../rules.js';
import { activationParam, paddingParam, positiveInt } from './common-params.js';
import { tfActivation } from './core-layers.js';

const one: LayerEntry['inputs'] = { min: 1, max: 1 };

/** Spatial output dims, or the first axis that would be empty. */
function windowed(
  callee: string,
  x: TensorType,
  kernel: (number | undefined)[],
  stride: (number | undefined)[],
  padding: Padding,
  channels: Dim,
): ShapeResult {
  const spatial = x.dims.slice(0, -1);
  const out: Dim[] = [];
  for (let i = 0; i < spatial.length; i++) {
    const k = kernel[i];
    const s = stride[i];
    if (k === undefined || s === undefined) {
      out.push(null);
      continue;
    }
    const d = windowOutputDim(spatial[i], k, s, padding);
    if (d === 0) {
      return shapeProblem(
        Codes.emptyOutput,
        { callee, found: formatType(x), detail: `the window of size ${k} is larger than dimension ${i} (size ${String(spatial[i])})` },
        { input: 0, help: 'use a smaller window, `padding: same`, or an input with larger dimensions' },
      );
    }
    out.push(d);
  }
  return { dtype: 'f32', dims: [...out, channels] };
}

function repeatTo(values: number[] | undefined, n: number): (number | undefined)[] {
  if (values === undefined) return Array.from({ length: n }, () => undefined);
  return values.length === 1 ? Array.from({ length: n }, () => values[0]) : values;
}

function outputPositions(out: TensorType): number | undefined {
  return product(...out.dims.slice(0, -1));
}

function convFlops(entry: LayerEntry, inputs: TensorType[], args: ArgValues, kernelArea: number | undefined): number | undefined {
  const out = entry.shape(inputs, args);
  if ('code' in out) return undefined;
  return product(2, outputPositions(out), kernelArea, literalDim(lastDim(inputs[0])), num(args, 'filters'));
}

export const conv1d: LayerEntry = {
  name: 'conv1d',
  kind: 'layer',
  doc: 'A 1-D convolution over a sequence `f32[len, channels]`: `filters` learned kernels of width `kernel` slide along the sequence, giving `f32[len′, filters]`.',
  example: 'conv1d(64, 5, activation: relu)',
  params: [
    positiveInt('filters', 'Number of output channels.'),
    positiveInt('kernel', 'Width of the window.'),
    positiveInt('stride', 'Step between windows.', 1),
    paddingParam,
    activationParam,
  ],
  inputs: one,
  shape([x], args) {
    const problem = expectFloat('conv1d', x) ?? expectRank('conv1d', x, [2], 'f32[len, channels]');
    if (problem) return problem;
    return windowed('conv1d', x, [num(args, 'kernel')], [num(args, 'stride')], (str(args, 'padding') ?? 'valid') as Padding, num(args, 'filters') ?? null);
  },
  paramCount([x], args) {
    const w = product(num(args, 'kernel'), lastDim(x), num(args, 'filters'));
    const f = num(args, 'filters');
    return w === undefined || f === undefined ? undefined : w + f;
  },
  flops(inputs, args) {
    return convFlops(conv1d, inputs, args, num(args, 'kernel'));
  },
  build(args, name) {
    const tfl = tfLayers();
    return tfl.layers.conv1d({
      name,
      filters: need(num(args, 'filters'), 'conv1d', 'filters'),
      kernelSize: need(num(args, 'kernel'), 'conv1d', 'kernel'),
      strides: num(args, 'stride') ?? 1,
      padding: (str(args, 'padding') ?? 'valid') as Padding,
      activation: tfActivation(str(args, 'activation')),
    });
  },
};

export const conv2d: LayerEntry = {
  name: 'conv2d',
  kind: 'layer',
  doc: 'A 2-D convolution over an image `f32[height, width, channels]`: `filters` learned kernels slide over the image, giving `f32[h′, w′, filters]`. With `padding: valid` each side shrinks by kernel − 1; with `same` it keeps its size (at stride 1).',
  example: 'conv2d(32, 3, activation: relu)',
  params: [
    positiveInt('filters', 'Number of output channels.'),
    { name: 'kernel', type: 'dims', arity: 2, required: true, range: { min: 1 }, doc: 'Window size: one int for a square window, or [height, width].' },
    { name: 'stride', type: 'dims', arity: 2, required: false, default: [1, 1], range: { min: 1 }, doc: 'Step between windows: one int, or [down, across].' },
    paddingParam,
    activationParam,
  ],
  inputs: one,
  shape([x], args) {
    const problem = expectFloat('conv2d', x) ?? expectRank('conv2d', x, [3], 'f32[height, width, channels]', x.dims.length === 2 ? { help: 'add a channel dimension: declare the feature as f32[h, w, 1]' } : {});
    if (problem) return problem;
    return windowed('conv2d', x, repeatTo(ints(args, 'kernel'), 2), repeatTo(ints(args, 'stride'), 2), (str(args, 'padding') ?? 'valid') as Padding, num(args, 'filters') ?? null);
  },
  paramCount([x], args) {
    const k = ints(args, 'kernel');
    const f = num(args, 'filters');
    const w = k === undefined ? undefined : product(k[0], k[1], lastDim(x), f);
    return w === undefined || f === undefined ? undefined : w + f;
  },
  flops(inputs, args) {
    const k = ints(args, 'kernel');
    return convFlops(conv2d, inputs, args, k === undefined ? undefined : k[0] * k[1]);
  },
  build(args, name) {
    const tfl = tfLayers();
    const kernel = need(ints(args, 'kernel'), 'conv2d', 'kernel');
    const stride = ints(args, 'stride') ?? [1, 1];
    return tfl.layers.conv2d({
      name,
      filters: need(num(args, 'filters'), 'conv2d', 'filters'),
      kernelSize: [kernel[0], kernel[1]],
      strides: [stride[0], stride[1]],
      padding: (str(args, 'padding') ?? 'valid') as Padding,
      activation: tfActivation(str(args, 'activation')),
    });
  },
};

function poolEntry(name: 'max_pool' | 'avg_pool', what: string): LayerEntry {
  const entry: LayerEntry = {
    name,
    kind: 'layer',
    doc: `Takes the ${what} of each window of \`size\` positions (\`size\` × \`size\` on images), stepping by \`stride\` (by default, the window size). Works on sequences \`f32[len, channels]\` and images \`f32[height, width, channels]\`; channels are kept.`,
    example: `${name}(2)`,
    params: [
      positiveInt('size', 'Window size along each spatial axis.', 2),
      { name: 'stride', type: 'int', required: false, range: { min: 1 }, doc: 'Step between windows; defaults to the window size.' },
      paddingParam,
    ],
    inputs: one,
    shape([x], args) {
      const problem = expectFloat(name, x) ?? expectRank(name, x, [2, 3], 'f32[height, width, channels]');
      if (problem) return problem;
      const size = num(args, 'size');
      const stride = 'stride' in args ? num(args, 'stride') : size;
      const n = x.dims.length - 1;
      return windowed(name, x, repeatTo(size === undefined ? undefined : [size], n), repeatTo(stride === undefined ? undefined : [stride], n), (str(args, 'padding') ?? 'valid') as Padding, lastDim(x));
    },
    paramCount: () => 0,
    flops(inputs, args) {
      const out = entry.shape(inputs, args);
      if ('code' in out) return undefined;
      const size = num(args, 'size');
      return product(...out.dims, size === undefined ? undefined : size ** (out.dims.length - 1));
    },
    build(args, layerName, inputs) {
      const tfl = tfLayers();
      const size = need(num(args, 'size'), name, 'size');
      const stride = num(args, 'stride') ?? size;
      const padding = (str(args, 'padding') ?? 'valid') as Padding;
      if (inputs[0]?.dims.length === 2) {
        const config = { name: layerName, poolSize: size, strides: stride, padding };
        return name === 'max_pool' ? tfl.layers.maxPooling1d(config) : tfl.layers.averagePooling1d(config);
      }
      const config = { name: layerName, poolSize: [size, size] as [number, number], strides: [stride, stride] as [number, number], padding };
      return name === 'max_pool' ? tfl.layers.maxPooling2d(config) : tfl.layers.averagePooling2d(config);
    },
  };
  return entry;
}

export const maxPool = poolEntry('max_pool', 'maximum');
export const avgPool = poolEntry('avg_pool', 'average');

export const globalAvgPool: LayerEntry = {
  name: 'global_avg_pool',
  kind: 'layer',
  doc: 'Averages over every spatial position, keeping channels: `f32[h, w, c]` or `f32[len, c]` becomes `f32[c]`. A parameter-free alternative to `flatten()` before the classifier.',
  example: 'global_avg_pool()',
  params: [],
  inputs: one,
  shape([x]) {
    return expectFloat('global_avg_pool', x) ?? expectRank('global_avg_pool', x, [2, 3], 'f32[height, width, channels]') ?? { dtype: 'f32', dims: [lastDim(x)] };
  },
  paramCount: () => 0,
  flops([x]) {
    return product(...x.dims);
  },
  build(_args, name, inputs) {
    const tfl = tfLayers();
    return inputs[0]?.dims.length === 2 ? tfl.layers.globalAveragePooling1d({ name }) : tfl.layers.globalAveragePooling2d({ name });
  },
};

export const convolutionLayers: LayerEntry[] = [conv1d, conv2d, maxPool, avgPool, globalAvgPool];
