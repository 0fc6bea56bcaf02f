// `pretrained` nodes: a tf.js Layers model saved by an earlier run, loaded
// from disk, cut after the layer named by `until:` and frozen when asked.
// The result is a functional model used as one layer of the new model.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { ensureCustomLayers } from '../layers/index.js';
import type { IrNode } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { fileSystemIO } from '../io/file-io.js';

export async function loadPretrained(node: IrNode, baseDir: string): Promise<tfl.LayersModel> {
  ensureCustomLayers(); // custom layers exist and are registered before any is built or loaded
  const where = node.origin ? ` (${node.origin})` : '';
  const given = node.args['path'];
  if (typeof given !== 'string') throw new RunError(`pretrained model \`${node.id}\`${where} has no path`);
  const file = path.resolve(baseDir, given);
  if (!fs.existsSync(file)) throw new RunError(`cannot load the pretrained model \`${node.id}\`${where}: ${given} does not exist`, ['train and save it first with `kiln run`']);
  let loaded: tfl.LayersModel;
  try {
    loaded = await tfl.loadLayersModel(fileSystemIO(file));
  } catch (e) {
    throw new RunError(`cannot load the pretrained model \`${node.id}\`${where} from ${given}: ${(e as Error).message.split('\n')[0]}`);
  }
  const until = node.args['until'];
  let model = loaded;
  if (typeof until === 'string' && until !== '') {
    const layer = loaded.layers.find((l) => l.name === until);
    if (!layer) {
      throw new RunError(`the pretrained model ${given} has no layer \`${until}\`${where}`, [`its layers are: ${loaded.layers.map((l) => l.name).join(', ')}`]);
    }
    model = tfl.model({ inputs: loaded.inputs, outputs: layer.output as tfl.SymbolicTensor, name: node.id });
  } else {
    model = tfl.model({ inputs: loaded.inputs, outputs: loaded.outputs, name: node.id });
  }
  const freeze = node.args['freeze'];
  if (freeze === true || node.trainable === false) {
    for (const layer of model.layers) layer.trainable = false;
    model.trainable = false;
  }
  return model;
}
