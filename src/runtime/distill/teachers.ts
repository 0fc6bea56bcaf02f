// The teachers of a distillation step, as the student's training sees them:
// frozen, in inference mode (dropout off, predict rather than apply with
// training), outside any gradient tape. Each teacher is wrapped in a probe
// model that also returns the layers hints read, sharing the teacher's
// weights. When the training data is not augmented, a teacher sees the same
// input for an example in every epoch, so its outputs are computed once (in
// the first epoch) and then read from a cache keyed by the example's origin.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../../data/tensorize.js';
import type { Example } from '../../data/example.js';
import { RunError } from '../errors.js';

export interface TeacherModel {
  name: string;
  model: tfl.LayersModel;
  inputNames: string[];
}

/** A hint's teacher side: which teacher, which layer. */
export interface TeacherHintLayer {
  teacher: number;
  layer: string;
}

export interface TeacherOutputs {
  /** One [batch, classes] tensor per teacher. */
  logits: tf.Tensor[];
  /** One activation per hint, in the order of the hints. */
  hints: tf.Tensor[];
}

interface Probe {
  model: tfl.LayersModel;
  inputNames: string[];
  /** Index into TeacherOutputs.hints of each extra output. */
  hintSlots: number[];
}

function layerOutput(model: tfl.LayersModel, owner: string, layer: string): tfl.SymbolicTensor {
  let found: tfl.layers.Layer;
  try {
    found = model.getLayer(layer);
  } catch {
    throw new RunError(`teacher \`${owner}\` has no layer \`${layer}\` for a hint`, [`its layers are: ${model.layers.map((l) => l.name).join(', ')}`]);
  }
  const out = found.output;
  return (Array.isArray(out) ? out[0] : out) as tfl.SymbolicTensor;
}

export class Teachers {
  private readonly probes: Probe[];
  readonly hintShapes: number[][];

  constructor(
    readonly members: readonly TeacherModel[],
    hints: readonly TeacherHintLayer[],
  ) {
    this.hintShapes = hints.map((h) => layerOutput(members[h.teacher].model, members[h.teacher].name, h.layer).shape.slice(1) as number[]);
    this.probes = members.map((t, index) => {
      const mine = hints.map((h, slot) => ({ h, slot })).filter(({ h }) => h.teacher === index);
      if (mine.length === 0) return { model: t.model, inputNames: t.inputNames, hintSlots: [] };
      const outputs = [t.model.outputs[0], ...mine.map(({ h }) => layerOutput(t.model, t.name, h.layer))];
      return { model: tfl.model({ inputs: t.model.inputs, outputs, name: `${t.name}_hint_probe` }), inputNames: t.inputNames, hintSlots: mine.map((m) => m.slot) };
    });
  }

  get hintCount(): number {
    return this.hintShapes.length;
  }

  /** Runs every teacher on the batch in inference mode. The tensors are the caller's. */
  run(batch: Batch): TeacherOutputs {
    return tf.tidy(() => {
      const logits: tf.Tensor[] = [];
      const hints: tf.Tensor[] = new Array(this.hintCount);
      for (const p of this.probes) {
        const inputs = p.inputNames.map((n) => batch.features[n]);
        const out = p.model.predict(inputs.length === 1 ? inputs[0] : inputs);
        const list = Array.isArray(out) ? out : [out];
        logits.push(list[0]);
        p.hintSlots.forEach((slot, i) => (hints[slot] = list[i + 1]));
      }
      return { logits, hints } as unknown as tf.TensorContainerObject;
    }) as unknown as TeacherOutputs;
  }
}

/**
 * Teacher outputs per training example, filled as the first epoch runs. A
 * batch is served from the cache only when every one of its examples is in
 * it; an origin seen twice with different outputs cannot happen without
 * augmentation, but two rows sharing an origin can, so the cache turns itself
 * off rather than serve one row's outputs for another.
 */
export class TeacherCache {
  private readonly rows = new Map<string, Float32Array>();
  /** The epoch each row was stored in: a second row of the same origin within one epoch is a duplicate. */
  private readonly storedIn = new Map<string, number>();
  private disabled = false;
  hits = 0;
  misses = 0;

  constructor(
    private readonly classes: number[],
    private readonly hintShapes: number[][],
  ) {}

  private get width(): number {
    return this.classes.reduce((a, b) => a + b, 0) + this.hintShapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  }

  static key(e: Example): string {
    return `${e.origin.file}\u0000${e.origin.line}`;
  }

  get enabled(): boolean {
    return !this.disabled;
  }

  get size(): number {
    return this.rows.size;
  }

  /** The cached outputs of these examples, or undefined when any is missing. */
  lookup(examples: readonly Example[]): TeacherOutputs | undefined {
    if (this.disabled) return undefined;
    const width = this.width;
    const flat = new Float32Array(examples.length * width);
    for (let i = 0; i < examples.length; i++) {
      const row = this.rows.get(TeacherCache.key(examples[i]));
      if (!row) {
        this.misses++;
        return undefined;
      }
      flat.set(row, i * width);
    }
    this.hits++;
    return tf.tidy(() => {
      const all = tf.tensor2d(flat, [examples.length, width]);
      const sizes = [...this.classes, ...this.hintShapes.map((s) => s.reduce((x, y) => x * y, 1))];
      const parts = tf.split(all, sizes, 1);
      const logits = parts.slice(0, this.classes.length);
      const hints = parts.slice(this.classes.length).map((p, i) => tf.reshape(p, [examples.length, ...this.hintShapes[i]]));
      return { logits, hints } as unknown as tf.TensorContainerObject;
    }) as unknown as TeacherOutputs;
  }

  /** Remembers the outputs the teachers computed for these examples. */
  store(examples: readonly Example[], outputs: TeacherOutputs, epoch: number): void {
    if (this.disabled) return;
    const width = this.width;
    const flat = tf.tidy(() => tf.concat([...outputs.logits, ...outputs.hints.map((h) => tf.reshape(h, [examples.length, -1]))], 1)).dataSync() as Float32Array;
    const batchKeys = new Set<string>();
    for (let i = 0; i < examples.length; i++) {
      const key = TeacherCache.key(examples[i]);
      if (this.storedIn.get(key) === epoch || batchKeys.has(key)) {
        this.disabled = true;
        this.rows.clear();
        this.storedIn.clear();
        return;
      }
      batchKeys.add(key);
      this.storedIn.set(key, epoch);
      this.rows.set(key, flat.slice(i * width, (i + 1) * width));
    }
  }
}
