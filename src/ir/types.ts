// The IR: a checked program as plain JSON. Versioned, fully resolved (shapes,
// defaults, seeds, paths), and the only thing the runtime and codegen read.
// Models are flat DAGs: blocks, `repeat` and `residual` are expanded by the
// lowering, so a backend never needs to know the surface language.
//
// src/ir/schema.json (generated) is its JSON Schema; ajv validates IR whenever
// it crosses a boundary (written, read back, handed to a backend).

export const IR_VERSION = 1;

/** A JSON value as an argument: numbers, strings, booleans, lists, maps, durations. */
export type IrValue =
  | number
  | string
  | boolean
  | null
  | IrValue[]
  | { [key: string]: IrValue }
  | IrDuration;

export interface IrDuration {
  amount: number;
  unit: 'steps' | 'epochs';
}

/** A call of a catalog entry with every argument bound (defaults filled in). */
export interface IrCall {
  op: string;
  args: Record<string, IrValue>;
}

export interface IrTensorType {
  dtype: 'f32' | 'i32' | 'bool' | 'string';
  /** Without the batch dimension. Named dimensions that are still symbolic stay strings. */
  shape: (number | string)[];
  /** For `class[N]` labels: the number of classes (the tensor is an i32 scalar). */
  classes?: number;
}

export interface IrProgram {
  kiln_ir: 1;
  /** The spec it was compiled from, relative to the IR file's folder. */
  source: string;
  data: Record<string, IrData>;
  models: Record<string, IrModel>;
  schedules: Record<string, IrSchedule>;
  distills: Record<string, IrDistill>;
  experiments: Record<string, IrExperiment>;
}

// ---- data ------------------------------------------------------------------

export interface IrData {
  name: string;
  /** A bundled dataset (`mnist`) or a file source (`csv`) with its bound arguments; paths relative to the spec. */
  source: IrCall;
  /** Declared raw fields, validated row by row. */
  fields: { name: string; type: string; optional: boolean }[];
  clean: IrCall[];
  features: IrFeature[];
  /** Train-only augmentation, per feature. */
  augment: { feature: string; ops: IrCall[] }[];
  split: { train: number; val: number; test: number; stratify?: string };
  seed: number;
  batch: number;
  shuffle: number;
  on_error: 'stop' | 'skip';
}

export interface IrFeature {
  name: string;
  type: IrTensorType;
  /** The raw field it is computed from. */
  from: string;
  transforms: IrCall[];
  /** Whether this feature is a label (a `class[N]` or the target of the loss). */
  label: boolean;
}

// ---- models ------------------------------------------------------------------

export interface IrModel {
  name: string;
  inputs: { name: string; type: IrTensorType }[];
  output: IrTensorType;
  /** Topologically ordered. */
  nodes: IrNode[];
  /** The node whose value is the model's output. */
  outputNode: string;
  params: { total: number; trainable: number };
  flops: number;
}

export interface IrNode {
  /** Unique within the model; also the tf.js layer name (`dense_1`, `mlp_head_2/dense`). */
  id: string;
  /** A catalog layer/merge/activation name, or `input`, `pretrained`, `add` (residual). */
  op: string;
  args: Record<string, IrValue>;
  /** Ids of the nodes feeding this one, in order. */
  inputs: string[];
  /** For `input` nodes: the model input's name. */
  inputName?: string;
  type: IrTensorType;
  params: number;
  trainable: boolean;
  /** Where in the spec this node comes from, for messages: `file:line:column`. */
  origin?: string;
}

// ---- training ----------------------------------------------------------------

export interface IrSchedule {
  name: string;
  optimizer: IrCall;
  /** `warmup(200 steps) then cosine(to: 1e-5)` → two segments; empty = constant. */
  lr: IrCall[];
  epochs: number;
  loss: IrCall;
  metrics: string[];
  clip_norm?: number;
  weight_decay?: number;
  early_stop?: { monitor: string; patience: number; min_delta: number };
  /** Batch size override; otherwise the data's. */
  batch?: number;
}

export interface IrDistill {
  name: string;
  teachers: string[];
  student: string;
  temperature: number;
  alpha: number;
  hard_loss: IrCall;
  hints: { student: string; teacher: string; projection: IrCall }[];
  /**
   * Teachers written `pretrained("…/model.json")` in the spec, by the name of
   * the model built for them in `models`: the saved model's path, relative to
   * the spec. Such a teacher is loaded, frozen, and never trained.
   */
  pretrained_teachers?: Record<string, string>;
}

export type IrStep =
  | { kind: 'train'; model: string; data: string; schedule: string }
  | { kind: 'distill'; distill: string; data: string; schedule: string }
  | { kind: 'evaluate'; model: string; data: string; split: 'train' | 'val' | 'test'; metrics: string[] };

export interface IrExperiment {
  name: string;
  seed: number;
  steps: IrStep[];
  sweep: { parameter: string; values: IrValue[] }[];
}
