// `pretrained(…, freeze: true, unfreeze: N epochs)`: the pretrained layers
// start frozen and become trainable once N epochs have run, so a new head
// settles before the base is fine-tuned. This file finds those layers in the
// built model and switches them on between epochs.

import type * as tfl from '@tensorflow/tfjs-layers';
import type { IrModel } from '../../ir/types.js';
import { isDuration } from '../../types/values.js';

export interface PlannedUnfreeze {
  /** Epochs to run with the layer frozen; it trains from epoch `afterEpochs + 1` on. */
  afterEpochs: number;
  /** The pretrained model, used as one layer of the built model. */
  layer: tfl.layers.Layer;
  /** Its own layers, as the run reports them. */
  names: string[];
}

/** The pretrained nodes of `ir` that ask to be unfrozen, found in the built `model`. */
export function plannedUnfreezes(ir: IrModel, model: tfl.LayersModel): PlannedUnfreeze[] {
  const out: PlannedUnfreeze[] = [];
  for (const node of ir.nodes) {
    const after = node.args['unfreeze'];
    if (node.op !== 'pretrained' || !isDuration(after) || after.unit !== 'epochs') continue;
    const layer = model.layers.find((l) => l.name === node.id);
    if (!layer) continue;
    const inner = (layer as Partial<tfl.LayersModel>).layers ?? [];
    const names = inner.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
    out.push({ afterEpochs: after.amount, layer, names });
  }
  return out;
}

/** Makes the pretrained layer and every layer inside it trainable. */
export function unfreezeLayer(planned: PlannedUnfreeze): void {
  const inner = (planned.layer as Partial<tfl.LayersModel>).layers ?? [];
  for (const l of inner) l.trainable = true;
  planned.layer.trainable = true;
}
