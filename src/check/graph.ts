// A checked model as a flat DAG of layers: blocks, `repeat`, `residual` and
// models used as stages are expanded, each node named uniquely the way the
// tf.js layer will be named. The summary and the IR lowering read this.

import type { LayerEntry } from '../catalog/index.js';
import type { Span } from '../diagnostics/span.js';
import type { TensorType } from '../types/tensor.js';
import type { ArgValues } from '../types/values.js';

export interface GraphNode {
  id: string;
  /** A catalog layer/merge/activation name, `input` or `pretrained`. */
  op: string;
  args: ArgValues;
  inputs: string[];
  inputName?: string;
  /** Undefined when it could not be inferred. */
  type?: TensorType;
  params?: number;
  /** Weights not updated by training (batch-norm statistics, frozen layers). */
  frozenParams: number;
  trainable: boolean;
  flops?: number;
  entry?: LayerEntry;
  span: Span;
}

export interface ModelGraph {
  name: string;
  inputs: { name: string; type?: TensorType }[];
  declaredOutput?: TensorType;
  output?: TensorType;
  nodes: GraphNode[];
  outputNode?: string;
  /** Whether every stage was checked without error (so the model can be lowered). */
  complete: boolean;
}

export function totalParams(g: ModelGraph): { total?: number; trainable?: number; frozen?: number } {
  let total = 0;
  let frozen = 0;
  for (const n of g.nodes) {
    if (n.params === undefined) return {};
    total += n.params;
    frozen += n.trainable ? n.frozenParams : n.params;
  }
  return { total, trainable: total - frozen, frozen };
}

export function totalFlops(g: ModelGraph): number | undefined {
  let sum = 0;
  for (const n of g.nodes) {
    if (n.flops === undefined) return undefined;
    sum += n.flops;
  }
  return sum;
}

/** Unique layer names within one model: `dense`, `dense_1`, `dense_2`, … (tf.js's own scheme). */
export class NameAllocator {
  private readonly counts = new Map<string, number>();
  private readonly used = new Set<string>();

  reserve(name: string): void {
    this.used.add(name);
  }

  next(base: string): string {
    let n = this.counts.get(base) ?? 0;
    let name = n === 0 ? base : `${base}_${n}`;
    while (this.used.has(name)) name = `${base}_${++n}`;
    this.counts.set(base, n + 1);
    this.used.add(name);
    return name;
  }
}
