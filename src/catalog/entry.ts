// The shape of a catalog entry. Every layer, merge, transform, augmentation,
// optimizer, LR schedule, loss, metric, regularizer and callback is one
// entry: its documentation, its parameters, and the rules and builders each
// consumer (checker, language server, IR schema, runtime, codegen, docs) needs.

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DiagnosticArgs } from '../diagnostics/diagnostic.js';
import type { TensorType } from '../types/tensor.js';
import type { ArgValue, ArgValues, Duration } from '../types/values.js';

export type EntryKind =
  | 'layer'
  | 'activation'
  | 'merge'
  | 'transform'
  | 'augmentation'
  | 'optimizer'
  | 'schedule'
  | 'loss'
  | 'metric'
  | 'regularizer'
  | 'callback';

export const entryKinds: readonly EntryKind[] = [
  'layer',
  'activation',
  'merge',
  'transform',
  'augmentation',
  'optimizer',
  'schedule',
  'loss',
  'metric',
  'regularizer',
  'callback',
];

/**
 * What a parameter accepts.
 * - `int`, `float` (accepts ints too), `bool`, `string`
 * - `activation`: the name of an activation entry (`relu`), or `linear`
 * - `duration`: `200 steps`, `3 epochs`
 * - `dims`: an int or a list of ints (`kernel: 3` or `kernel: [3, 5]`); with
 *   `arity`, a single int is repeated to that many
 * - `floats`: a float or a list of floats (`mean: [0.5, 0.4, 0.4]`)
 * - `name`: a bare name or a string (`monitor: val_loss`)
 * - `function`: an expression the checker types itself (`map(fn)`)
 * - `{ oneOf }`: one of a fixed set of names (`padding: same`)
 */
export type ParamType =
  | 'int'
  | 'float'
  | 'bool'
  | 'string'
  | 'activation'
  | 'duration'
  | 'dims'
  | 'floats'
  | 'name'
  | 'function'
  | { oneOf: readonly string[] };

/** Bounds on a numeric parameter. Bounds are inclusive unless said otherwise. */
export interface Range {
  min?: number;
  max?: number;
  minInclusive?: boolean;
  maxInclusive?: boolean;
}

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** Required parameters have no default. */
  required: boolean;
  default?: ArgValue;
  range?: Range;
  /** For `dims`: the number of ints; a single int is repeated (kernel 3 → [3, 3]). */
  arity?: number;
  /** One sentence, shown in hover, signature help and the reference. */
  doc: string;
}

/**
 * A shape rule's failure, as a plain value: the checker turns it into a
 * diagnostic with `code` and `args`, placing the span on the input or the
 * argument it names.
 */
export interface ShapeProblem {
  code: string;
  /** The message, already filled in from the code's template. */
  message: string;
  args: DiagnosticArgs;
  /** Index of the offending input (for merges, which of the merged values). */
  input?: number;
  /** Name of the offending parameter, when an argument is at fault. */
  param?: string;
  /** Label under the caret, e.g. "needs f32[n]". */
  label?: string;
  help?: string;
  /** A call to insert just before this one that fixes the problem, e.g. `flatten()`. */
  insertBefore?: string;
}

export type ShapeResult = TensorType | ShapeProblem;

export function isShapeProblem(r: ShapeResult | undefined): r is ShapeProblem {
  return r !== undefined && 'code' in r;
}

interface EntryBase {
  name: string;
  kind: EntryKind;
  /** One paragraph, shown on hover. */
  doc: string;
  /** In positional order. */
  params: ParamSpec[];
  /** A short usage example in Kiln syntax, for hover and the reference. */
  example?: string;
}

/** Layers, activations and merges: they sit in a model's pipeline. */
export interface LayerEntry extends EntryBase {
  kind: 'layer' | 'activation' | 'merge';
  /** How many inputs the entry takes: 1 for layers and activations, 2 or more for merges. */
  inputs: { min: number; max?: number };
  /** Output type for these inputs and arguments, or why they do not fit. */
  shape(inputs: TensorType[], args: ArgValues): ShapeResult;
  /** Number of weights, as tf.js `countParams()` reports them (non-trainable included); undefined when a dim is not known. */
  paramCount(inputs: TensorType[], args: ArgValues): number | undefined;
  /** Floating-point operations per example (a multiply-add counts as 2); undefined when a dim is not known. */
  flops(inputs: TensorType[], args: ArgValues): number | undefined;
  /** Builds the tf.js layer. All arguments must be known; `inputs` are the (checked) input types. */
  build(args: ArgValues, name: string, inputs: TensorType[]): tfl.layers.Layer;
}

/** An activation entry is also a layer; `tfName` is its tf.js activation identifier. */
export interface ActivationEntry extends LayerEntry {
  kind: 'activation';
  tfName: string;
}

/** Per-feature data transforms and (train-only) augmentations. */
export interface TransformEntry extends EntryBase {
  kind: 'transform' | 'augmentation';
  /** Output type of the feature, or why the input does not fit. */
  shape(input: TensorType, args: ArgValues): ShapeResult;
  /** True when the transform is fitted on the training split first (vocabulary, mean and deviation). */
  fitted?: boolean;
}

export interface OptimizerEntry extends EntryBase {
  kind: 'optimizer';
  /** Builds the tf.js optimizer at this learning rate (the schedule changes it per step). */
  build(args: ArgValues, learningRate: number): tf.Optimizer;
  /** The base learning rate from the arguments. */
  learningRate(args: ArgValues): number;
  /** Decoupled weight decay the runtime applies after each step (AdamW), 0 when none. */
  decoupledWeightDecay(args: ArgValues): number;
}

export interface ScheduleContext {
  /** The optimizer's learning rate. */
  baseLr: number;
  stepsPerEpoch: number;
}

export interface ScheduleEntry extends EntryBase {
  kind: 'schedule';
  /**
   * Learning rate at `step` (0-based) of a segment `totalSteps` long. In
   * `warmup(200 steps) then cosine()`, warmup's segment is its 200 steps and
   * cosine's is the rest of the run, counted from 0 again.
   */
  lrAt(step: number, totalSteps: number, args: ArgValues, ctx: ScheduleContext): number;
  /** How long the segment lasts when it does not simply run to the end (warmup). */
  length?(args: ArgValues): Duration | undefined;
}

/** `(yTrue, yPred) → scalar`: yTrue one-hot for class labels, yPred raw model outputs (logits). */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export interface LossEntry extends EntryBase {
  kind: 'loss';
  /** Checks the model's output type against the target feature's type. */
  check(prediction: TensorType, target: TensorType, args: ArgValues): ShapeProblem | undefined;
  build(args: ArgValues): LossFn;
}

/** `(yTrue, yPred) → scalar` over a whole evaluation set (or a batch). Same conventions as LossFn. */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export interface MetricEntry extends EntryBase {
  kind: 'metric';
  higherIsBetter: boolean;
  check(prediction: TensorType, target: TensorType, args: ArgValues): ShapeProblem | undefined;
  build(args: ArgValues): MetricFn;
}

/** Training settings the runtime implements itself (clip_norm, weight_decay, early_stop). */
export interface SettingEntry extends EntryBase {
  kind: 'regularizer' | 'callback';
}

export type CatalogEntry = LayerEntry | ActivationEntry | TransformEntry | OptimizerEntry | ScheduleEntry | LossEntry | MetricEntry | SettingEntry;

export function isLayerEntry(e: CatalogEntry): e is LayerEntry {
  return e.kind === 'layer' || e.kind === 'activation' || e.kind === 'merge';
}
