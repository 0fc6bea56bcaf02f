// Hints (FitNets-style intermediate targets): a student layer, passed through
// a projection the checker shaped (`via dense` gets the teacher layer's
// width), is matched to a teacher layer by mean squared error. The
// projections are small models of their own, trained with the student and
// then dropped: the saved student is the student alone. The student probe
// returns the student's output and the hinted layers in one forward pass,
// sharing the student's weights.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '../layers/index.js';
import { findLayer } from '../../catalog/index.js';
import type { IrCall, IrModel } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { argValues, tensorType } from '../ir-values.js';

export interface StudentHint {
  /** The student layer (IR node id = tf.js layer name). */
  layer: string;
  projection?: tfl.LayersModel;
}

export function buildProjection(student: IrModel, layer: string, call: IrCall, index: number): tfl.LayersModel | undefined {
  if (call.op === 'identity') return undefined;
  const node = student.nodes.find((n) => n.id === layer);
  if (!node) throw new RunError(`student \`${student.name}\` has no layer \`${layer}\` for a hint`);
  const entry = findLayer(call.op);
  if (!entry) throw new RunError(`a hint of \`${student.name}\` projects with \`${call.op}\`, which the runtime does not know`);
  const shape = node.type.shape.map(Number);
  const input = tfl.input({ shape, name: `hint_${index}_input` });
  let layerObject: tfl.layers.Layer;
  try {
    layerObject = entry.build(argValues(call.args), `hint_${index}_${call.op}`, [tensorType(node.type)]);
  } catch (e) {
    throw new RunError(`cannot build the projection of hint ${index + 1} (\`${call.op}\`): ${(e as Error).message}`);
  }
  const out = layerObject.apply(input) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: `hint_${index}_projection` });
}

/** The student with the hinted layers as extra outputs (the same weights). */
export function studentProbe(student: tfl.LayersModel, hints: readonly StudentHint[]): tfl.LayersModel {
  if (hints.length === 0) return student;
  const outputs = [student.outputs[0], ...hints.map((h) => {
    const out = student.getLayer(h.layer).output;
    return (Array.isArray(out) ? out[0] : out) as tfl.SymbolicTensor;
  })];
  return tfl.model({ inputs: student.inputs, outputs, name: `${student.name}_hint_probe` });
}

/** Σ over hints of MSE(projection(student layer), teacher layer). */
export function hintLoss(hints: readonly StudentHint[], studentActs: readonly tf.Tensor[], teacherActs: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const terms = hints.map((h, i) => {
      const projected = h.projection ? (h.projection.apply(studentActs[i], { training: true }) as tf.Tensor) : studentActs[i];
      return tf.mean(tf.squaredDifference(projected, teacherActs[i])) as tf.Scalar;
    });
    return (terms.length === 0 ? tf.scalar(0) : terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  });
}
