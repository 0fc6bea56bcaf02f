// IR model → tf.js LayersModel, through the functional API: one tf.js layer
// per IR node, named by the node's id, built by the node's catalog entry.
// Multi-input models and merges need nothing special: every node applies its
// layer to the outputs of the nodes it names, in the IR's topological order.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ensureCustomLayers } from '../layers/index.js';
import { findLayer } from '../../catalog/index.js';
import type { IrModel, IrNode } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { argValues, concreteShape, tensorType } from '../ir-values.js';
import { loadPretrained } from './pretrained.js';

export interface BuildModelOptions {
  /** Folder that relative paths (pretrained models) are resolved against. */
  baseDir: string;
}

function describe(node: IrNode): string {
  return `\`${node.id}\`${node.origin ? ` (${node.origin})` : ''}`;
}

function dtypeOf(node: IrNode): tf.DataType {
  return node.type.dtype === 'i32' || node.type.dtype === 'bool' ? 'int32' : 'float32';
}

export async function buildModel(model: IrModel, options: BuildModelOptions): Promise<tfl.LayersModel> {
  ensureCustomLayers(); // custom layers exist and are registered before any is built or loaded
  const values = new Map<string, tfl.SymbolicTensor>();
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  for (const node of model.nodes) {
    if (node.op === 'input') {
      const shape = concreteShape(node.type);
      if (!shape) throw new RunError(`model \`${model.name}\`: input ${describe(node)} has a symbolic shape [${node.type.shape.join(', ')}]; the runtime needs every dimension known`);
      values.set(node.id, tfl.input({ shape, dtype: dtypeOf(node), name: node.id }));
      continue;
    }
    const inputs = node.inputs.map((id) => {
      const v = values.get(id);
      if (!v) throw new RunError(`model \`${model.name}\`: node ${describe(node)} reads \`${id}\`, which is not computed before it`);
      return v;
    });
    let layer: tfl.layers.Layer;
    if (node.op === 'pretrained') {
      layer = await loadPretrained(node, options.baseDir);
    } else {
      const entry = findLayer(node.op);
      if (!entry) throw new RunError(`model \`${model.name}\`: node ${describe(node)} uses \`${node.op}\`, which the runtime does not know`);
      const inputTypes = node.inputs.map((id) => tensorType(byId.get(id)!.type));
      try {
        layer = entry.build(argValues(node.args), node.id, inputTypes);
      } catch (e) {
        throw new RunError(`model \`${model.name}\`: cannot build ${describe(node)}: ${(e as Error).message}`);
      }
      if (!node.trainable) layer.trainable = false;
    }
    let out: tfl.SymbolicTensor | tfl.SymbolicTensor[];
    try {
      out = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tfl.SymbolicTensor | tfl.SymbolicTensor[];
    } catch (e) {
      throw new RunError(`model \`${model.name}\`: cannot connect ${describe(node)}: ${(e as Error).message.split('\n')[0]}`);
    }
    values.set(node.id, Array.isArray(out) ? out[0] : out);
  }
  const inputNodes = model.inputs.map((input) => {
    const node = model.nodes.find((n) => n.op === 'input' && (n.inputName ?? n.id) === input.name);
    if (!node) throw new RunError(`model \`${model.name}\`: no input node for input \`${input.name}\``);
    return values.get(node.id)!;
  });
  const output = values.get(model.outputNode);
  if (!output) throw new RunError(`model \`${model.name}\`: output node \`${model.outputNode}\` is not in the model`);
  return tfl.model({ inputs: inputNodes, outputs: output, name: model.name });
}

/** Input names in the order the built model takes them. */
export function modelInputNames(model: IrModel): string[] {
  return model.inputs.map((i) => i.name);
}

export function countParams(model: tfl.LayersModel): { total: number; trainable: number } {
  const count = (ws: tfl.LayerVariable[]) => ws.reduce((s, w) => s + (w.shape as (number | null)[]).reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  return { total: count(model.weights), trainable: count(model.trainableWeights) };
}
