// IR node → the tf.js expression that creates its layer, with every argument
// spelled out in tf.js's own names (`useBias`, `kernelSize`). Mirrors the
// catalog's `build` functions (src/catalog/entries/), which the runtime
// calls: a layer here must be configured exactly as the runtime builds it,
// so that a generated program trains the same model `kiln run` trains.
// Kiln's own layers come from `customLayers()` of kiln/program.

import type { IrNode, IrTensorType, IrValue } from '../ir/types.js';
import { numberLiteral, stringLiteral, tsLiteral } from './literals.js';

/** Kiln's custom layer classes, by the name `customLayers()` gives them. */
export type CustomLayerName = 'MultiHeadAttention' | 'CrossAttention' | 'TransformerEncoder' | 'PositionalEmbedding' | 'GatedFusion';

export interface LayerCode {
  /** An expression creating the layer: `tfl.layers.dense({ ... })`. */
  create: string;
  /** The custom layer class it needs, if any. */
  custom?: CustomLayerName;
}

export type LayerResult = LayerCode | { problem: string };

type Config = [string, string][];

function num(args: Record<string, IrValue>, name: string): number | undefined {
  const v = args[name];
  return typeof v === 'number' ? v : undefined;
}

function str(args: Record<string, IrValue>, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' ? v : undefined;
}

function bool(args: Record<string, IrValue>, name: string): boolean | undefined {
  const v = args[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** A `dims` argument as a pair: `3` → [3, 3]. */
function pair(args: Record<string, IrValue>, name: string, fallback: [number, number] | undefined): [number, number] | undefined {
  const v = args[name];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
  return fallback;
}

function config(name: string, entries: Config): string {
  const all: Config = [['name', stringLiteral(name)], ...entries];
  return `{ ${all.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function tfLayer(factory: string, name: string, entries: Config = []): LayerCode {
  return { create: `tfl.layers.${factory}(${config(name, entries)})` };
}

function custom(cls: CustomLayerName, name: string, entries: Config): LayerCode {
  return { create: `new ${cls}(${config(name, entries)})`, custom: cls };
}

/** The activation identifier tf.js takes; Kiln's names are tf.js's. */
function activation(args: Record<string, IrValue>): string {
  return stringLiteral(str(args, 'activation') ?? 'linear');
}

function missing(node: IrNode, arg: string): { problem: string } {
  return { problem: `layer \`${node.id}\` (${node.op}) has no known \`${arg}\`` };
}

const ACTIVATIONS = new Set(['linear', 'relu', 'gelu', 'tanh', 'sigmoid', 'softmax']);

/**
 * The layer of a node, given the types of its inputs (some layers differ by
 * input rank, as in the catalog). `input` and `pretrained` nodes are not
 * layers; the model emitter handles them.
 */
export function layerCode(node: IrNode, inputs: IrTensorType[]): LayerResult {
  const a = node.args;
  const name = node.id;
  const rank = inputs[0]?.shape.length;
  switch (node.op) {
    case 'dense': {
      const units = num(a, 'units');
      if (units === undefined) return missing(node, 'units');
      return tfLayer('dense', name, [['units', numberLiteral(units)], ['activation', activation(a)], ['useBias', String(bool(a, 'use_bias') ?? true)]]);
    }
    case 'dropout': {
      const rate = num(a, 'rate');
      if (rate === undefined) return missing(node, 'rate');
      return tfLayer('dropout', name, [['rate', numberLiteral(rate)]]);
    }
    case 'flatten':
      // tf.js's Flatten refuses inputs that are already vectors; flattening one is the identity.
      return rank === 1 ? tfLayer('activation', name, [['activation', "'linear'"]]) : tfLayer('flatten', name);
    case 'reshape':
      // The IR's output shape has any -1 resolved already.
      return tfLayer('reshape', name, [['targetShape', tsLiteral(node.type.shape)]]);
    case 'batch_norm':
      return tfLayer('batchNormalization', name, [['momentum', numberLiteral(num(a, 'momentum') ?? 0.99)], ['epsilon', numberLiteral(num(a, 'epsilon') ?? 0.001)]]);
    case 'layer_norm':
      return tfLayer('layerNormalization', name, [['epsilon', numberLiteral(num(a, 'epsilon') ?? 0.001)]]);
    case 'embedding': {
      const vocab = num(a, 'vocab');
      const dim = num(a, 'dim');
      if (vocab === undefined) return missing(node, 'vocab');
      if (dim === undefined) return missing(node, 'dim');
      return tfLayer('embedding', name, [['inputDim', numberLiteral(vocab)], ['outputDim', numberLiteral(dim)]]);
    }
    case 'positional_embedding': {
      const first = inputs[0]?.shape[0];
      const maxLen = num(a, 'max_len') ?? (typeof first === 'number' ? first : undefined);
      if (maxLen === undefined) return missing(node, 'max_len');
      return custom('PositionalEmbedding', name, [['maxLen', numberLiteral(maxLen)]]);
    }
    case 'conv1d': {
      const filters = num(a, 'filters');
      const kernel = num(a, 'kernel') ?? (Array.isArray(a['kernel']) && typeof a['kernel'][0] === 'number' ? a['kernel'][0] : undefined);
      if (filters === undefined) return missing(node, 'filters');
      if (kernel === undefined) return missing(node, 'kernel');
      return tfLayer('conv1d', name, [
        ['filters', numberLiteral(filters)],
        ['kernelSize', numberLiteral(kernel)],
        ['strides', numberLiteral(num(a, 'stride') ?? 1)],
        ['padding', stringLiteral(str(a, 'padding') ?? 'valid')],
        ['activation', activation(a)],
      ]);
    }
    case 'conv2d': {
      const filters = num(a, 'filters');
      const kernel = pair(a, 'kernel', undefined);
      if (filters === undefined) return missing(node, 'filters');
      if (kernel === undefined) return missing(node, 'kernel');
      return tfLayer('conv2d', name, [
        ['filters', numberLiteral(filters)],
        ['kernelSize', tsLiteral(kernel)],
        ['strides', tsLiteral(pair(a, 'stride', [1, 1]))],
        ['padding', stringLiteral(str(a, 'padding') ?? 'valid')],
        ['activation', activation(a)],
      ]);
    }
    case 'max_pool':
    case 'avg_pool': {
      const size = num(a, 'size');
      if (size === undefined) return missing(node, 'size');
      const stride = num(a, 'stride') ?? size;
      const padding: [string, string] = ['padding', stringLiteral(str(a, 'padding') ?? 'valid')];
      const kind = node.op === 'max_pool' ? 'maxPooling' : 'averagePooling';
      if (rank === 2) return tfLayer(`${kind}1d`, name, [['poolSize', numberLiteral(size)], ['strides', numberLiteral(stride)], padding]);
      return tfLayer(`${kind}2d`, name, [['poolSize', tsLiteral([size, size])], ['strides', tsLiteral([stride, stride])], padding]);
    }
    case 'global_avg_pool':
      return tfLayer(rank === 2 ? 'globalAveragePooling1d' : 'globalAveragePooling2d', name);
    case 'mean_pool':
      return tfLayer('globalAveragePooling1d', name);
    case 'lstm':
    case 'gru': {
      const units = num(a, 'units');
      if (units === undefined) return missing(node, 'units');
      return tfLayer(node.op, name, [['units', numberLiteral(units)], ['returnSequences', String(bool(a, 'return_sequences') ?? false)]]);
    }
    case 'multi_head_attention': {
      const heads = num(a, 'heads');
      if (heads === undefined) return missing(node, 'heads');
      return custom('MultiHeadAttention', name, [['heads', numberLiteral(heads)], ...keyDim(a), ['dropout', numberLiteral(num(a, 'dropout') ?? 0)]]);
    }
    case 'encoder': {
      const heads = num(a, 'heads');
      const ff = num(a, 'ff');
      if (heads === undefined) return missing(node, 'heads');
      if (ff === undefined) return missing(node, 'ff');
      return custom('TransformerEncoder', name, [
        ['heads', numberLiteral(heads)],
        ['ff', numberLiteral(ff)],
        ['dropout', numberLiteral(num(a, 'dropout') ?? 0.1)],
        ['activation', stringLiteral(str(a, 'activation') ?? 'relu')],
      ]);
    }
    case 'concat': {
      const axis = num(a, 'axis') ?? -1;
      // tf.js counts the batch axis; Kiln does not.
      return tfLayer('concatenate', name, [['axis', numberLiteral(axis < 0 ? axis : axis + 1)]]);
    }
    case 'add':
      return tfLayer('add', name);
    case 'multiply':
      return tfLayer('multiply', name);
    case 'gated_fusion': {
      const units = num(a, 'units');
      if (units === undefined) return missing(node, 'units');
      return custom('GatedFusion', name, [['units', numberLiteral(units)]]);
    }
    case 'cross_attention': {
      const heads = num(a, 'heads');
      if (heads === undefined) return missing(node, 'heads');
      return custom('CrossAttention', name, [['heads', numberLiteral(heads)], ...keyDim(a), ['dropout', numberLiteral(num(a, 'dropout') ?? 0)]]);
    }
    default:
      if (ACTIVATIONS.has(node.op)) return tfLayer('activation', name, [['activation', stringLiteral(node.op)]]);
      return { problem: `layer \`${node.id}\` uses \`${node.op}\`, which the TypeScript generator does not know` };
  }
}

function keyDim(a: Record<string, IrValue>): Config {
  const k = num(a, 'key_dim');
  return k === undefined ? [] : [['keyDim', numberLiteral(k)]];
}
