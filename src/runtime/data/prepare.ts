// IR data block → a ready DataPipeline: the source opened, the schema, the
// split, the cleaning steps (filter conditions compiled by expression.ts),
// and every feature's transform chain compiled, with fitted transforms
// (standardize, tokenize's vocabulary, text class labels) measured on the
// training split first, and only on it. One counting pass over the rows also
// gives the size of each split and the bad rows skipped, for the run header
// and summary. The fitted state is written to the run folder (vocab.json,
// stats.json) and can be read back instead of fitting, for inference.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidRow } from '../../data/row.js';
import { DataStats } from '../../data/stats.js';
import { formatOrigin } from '../../data/row.js';
import { DataPipeline, type DataPipelineSpec } from '../../data/pipeline.js';
import { schemaFromFields, validateRows, type RowSchema } from '../../data/schema.js';
import { clean, type CleanStep } from '../../data/clean.js';
import { SplitAssigner, type SplitSpec } from '../../data/split.js';
import type { ExampleValue, FeatureSpec } from '../../data/example.js';
import { DataError } from '../../data/errors.js';
import type { IrData, IrFeature } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { concreteShape } from '../ir-values.js';
import { openSource, type SourceLocation } from './source.js';
import { runtimeAugmentation } from './augment.js';
import type { Random } from '../../data/random.js';
import { classLabelFitter, restoreClassLabels, runtimeTransform, type ApplyFn, type FeatureValue, type FittedFile, type Fitter, type RuntimeTransform } from './transforms.js';
import { compileFilter } from './expression.js';

export const VOCAB_FILE = 'vocab.json';
export const STATS_FILE = 'stats.json';

/** The fitted state of a data block's transforms, as saved in a run folder. */
export interface FittedState {
  /** vocab.json (under the data block's name): feature name → its tokenize vocabulary. */
  vocab: Record<string, unknown>;
  /** stats.json (under the data block's name): feature name → transform key (`standardize`, `class_labels`) → state. */
  stats: Record<string, Record<string, unknown>>;
}

export interface PrepareOptions {
  /** Write the fitted state (vocab.json, stats.json) into this run folder. */
  runDir?: string;
  /** Use this fitted state (see `readFittedState`) instead of fitting on the training split. */
  fitted?: FittedState;
}

/** Rows left out while counting: bad rows skipped under `on_error skip`, rows removed by cleaning. */
export interface BadRows {
  skipped: number;
  dropped: number;
  /** Per reason: `field "sepal_width": expected float` × 2, first at iris.csv:5. */
  reasons: { reason: string; count: number; first: string }[];
  /** Human lines for the run output. */
  lines: string[];
}

export type SplitName = 'train' | 'val' | 'test';

export interface PreparedData {
  name: string;
  /** Feature name → how it is packed into tensors. */
  specs: FeatureSpec[];
  features: IrFeature[];
  /** Rows in each split (those that passed validation and cleaning). */
  sizes: Record<SplitName, number>;
  badRows: BadRows;
  /** What the fitted transforms learned from the training split. */
  fitted: FittedState;
  batchSize: number;
  /** Same data, batched at `batchSize` (a schedule may override the data's batch). */
  pipeline(batchSize?: number): DataPipeline;
}

interface PendingFit {
  index: number;
  fitter: () => Fitter;
  file: FittedFile;
  /** Key of the state in its file's entry for the feature. */
  key: string;
  restore(saved: unknown): ApplyFn | undefined;
}

interface FeatureChain {
  feature: IrFeature;
  steps: (ApplyFn | undefined)[];
  pending: PendingFit[];
}

function featureSpec(f: IrFeature): FeatureSpec {
  const shape = concreteShape(f.type);
  if (!shape) throw new RunError(`feature \`${f.name}\` has a symbolic shape [${f.type.shape.join(', ')}]; the runtime needs every dimension known`);
  const dtype = f.type.dtype === 'i32' ? 'int32' : 'float32';
  return { name: f.name, dtype, shape };
}

function cleanSteps(data: IrData, fieldNames: string[] | undefined): CleanStep[] {
  return data.clean.map((c): CleanStep => {
    const fields = Array.isArray(c.args['fields']) ? (c.args['fields'] as unknown[]).map(String) : typeof c.args['fields'] === 'string' ? [c.args['fields']] : [];
    if (c.op === 'drop_null' || c.op === 'dedupe') return { kind: c.op, fields };
    if (c.op === 'filter') {
      const text = typeof c.args['predicate'] === 'string' ? c.args['predicate'] : '';
      try {
        return { kind: 'filter', predicate: compileFilter(text, fieldNames), description: text };
      } catch (e) {
        if (e instanceof RunError) throw new RunError(`data \`${data.name}\`: ${e.message}`);
        throw e;
      }
    }
    throw new RunError(`data \`${data.name}\`: the runtime cannot apply the cleaning step \`${c.op}\` yet`);
  });
}

/** The per-example shape of a raw field, from its declared type (`image[28, 28, 1]` → [28, 28, 1]). */
function fieldShape(data: IrData, name: string): number[] {
  const f = data.fields.find((x) => x.name === name);
  const m = f ? /^image\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]$/.exec(f.type) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
}

/** The shape a transform hands on, where it changes it; the runtime tracks it for `resize`. */
function shapeAfter(op: string, args: Record<string, unknown>, shape: number[]): number[] {
  const n = (k: string) => (typeof args[k] === 'number' ? (args[k] as number) : undefined);
  switch (op) {
    case 'resize':
      return [n('height') ?? shape[0], n('width') ?? shape[1], ...(shape.length === 3 ? [shape[2]] : [])];
    case 'tokenize':
      return [n('max_len') ?? 0];
    case 'header_stats':
      return [5];
    case 'pad':
      return [n('len') ?? 0];
    case 'truncate':
      return [Math.min(n('len') ?? Infinity, shape[0] ?? Infinity)];
    default:
      return shape;
  }
}

/** A feature's raw value: one field, or several numeric fields stacked into a vector. */
function rawValue(row: ValidRow, from: string | string[]): FeatureValue {
  if (!Array.isArray(from)) return row.fields[from] ?? null;
  const out = new Float32Array(from.length);
  from.forEach((name, i) => {
    const v = row.fields[name];
    if (typeof v !== 'number') throw new DataError('row', `field "${name}": expected a number, found ${v === null ? 'a missing value' : JSON.stringify(v)}`, row.origin, name);
    out[i] = v;
  });
  return out;
}

function chainFor(feature: IrFeature, featureShape: number[], rawShape: number[]): FeatureChain {
  const steps: (ApplyFn | undefined)[] = [];
  const pending: FeatureChain['pending'] = [];
  const keys = new Map<string, number>();
  let shape = rawShape;
  const transforms: RuntimeTransform[] = feature.transforms.map((t) => {
    // Per-channel transforms read the feature's channels; resize needs the size of what it receives.
    const made = runtimeTransform(t, t.op === 'resize' ? shape : featureShape, feature.type.classes !== undefined);
    shape = shapeAfter(t.op, t.args, shape);
    return made;
  });
  transforms.forEach((t, i) => {
    if (t.kind === 'plain') steps.push(t.apply);
    else {
      const op = feature.transforms[i].op;
      const seen = (keys.get(op) ?? 0) + 1;
      keys.set(op, seen);
      steps.push(undefined);
      pending.push({ index: i, fitter: t.fitter, file: t.file, key: seen === 1 ? op : `${op}#${seen}`, restore: t.restore });
    }
  });
  if (feature.type.classes !== undefined) {
    const classes = feature.type.classes;
    steps.push(undefined);
    pending.push({
      index: steps.length - 1,
      fitter: () => classLabelFitter(feature.name, classes),
      file: 'stats',
      key: 'class_labels',
      restore: (saved) => restoreClassLabels(feature.name, classes, saved),
    });
  }
  return { feature, steps, pending };
}

/** Reads the fitted state a run saved for data block `data`; empty parts when a file is missing. */
export function readFittedState(runDir: string, data: string): FittedState {
  const entry = (name: string): Record<string, unknown> => {
    const all = readStateFile(path.join(runDir, name));
    const v = all[data];
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };
  return { vocab: entry(VOCAB_FILE), stats: entry(STATS_FILE) as FittedState['stats'] };
}

function readStateFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    throw new RunError(`cannot read ${file}: it is not JSON`);
  }
}

function savedFor(state: FittedState, feature: string, p: PendingFit): unknown {
  return p.file === 'vocab' ? state.vocab[feature] : state.stats[feature]?.[p.key];
}

function badRowsOf(stats: DataStats): BadRows {
  const reasons = [...stats.skipped].map(([reason, r]) => ({ reason, count: r.count, first: formatOrigin(r.first) }));
  return { skipped: stats.skippedCount, dropped: stats.droppedCount, reasons, lines: stats.summary() };
}

function applyUpTo(chain: FeatureChain, v: FeatureValue, end: number): FeatureValue {
  for (let i = 0; i < end; i++) v = chain.steps[i]!(v);
  return v;
}

function toExampleValue(v: FeatureValue, feature: string): ExampleValue {
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Float32Array || v instanceof Int32Array) return v;
  throw new Error(`feature \`${feature}\` is ${v === null ? 'missing' : 'still text'} after its transforms`);
}

export async function prepareData(data: IrData, where: SourceLocation, options: PrepareOptions = {}): Promise<PreparedData> {
  const source = openSource(data.source, where);
  let schema: RowSchema | undefined;
  if (data.fields.length > 0) {
    const parsed = schemaFromFields(data.fields);
    if (!parsed.ok) throw new RunError(`data \`${data.name}\`: ${parsed.error}`);
    schema = parsed.schema;
  }
  const fractions: Record<string, number> = {};
  for (const name of ['train', 'val', 'test'] as const) if (data.split[name] > 0) fractions[name] = data.split[name];
  // `stratify: label` may name a feature: the split happens on raw rows, so stratify by the field it comes from.
  const stratifyFeature = data.features.find((f) => f.name === data.split.stratify);
  const stratifyBy = stratifyFeature && typeof stratifyFeature.from === 'string' ? stratifyFeature.from : data.split.stratify;
  const split: SplitSpec = { fractions, seed: data.seed, stratifyBy };
  const specs = data.features.map(featureSpec);
  const chains = data.features.map((f) => {
    const stacked = Array.isArray(f.from as unknown);
    const featureShape = stacked ? [(f.from as unknown as string[]).length] : (concreteShape(f.type) ?? []);
    return chainFor(f, featureShape, stacked ? featureShape : fieldShape(data, f.from));
  });
  const fieldNames = (schema?.fields ?? source.schema?.fields)?.map((f) => f.name);
  const steps = cleanSteps(data, fieldNames);
  const onBadRow = data.on_error;
  const rows = (stats?: DataStats): AsyncIterable<ValidRow> => clean(validateRows(source, schema, { policy: onBadRow, stats }), steps, stats);

  // Saved state replaces fitting: every fitted step restored from it, or a clear error.
  if (options.fitted) {
    for (const chain of chains) {
      for (const p of chain.pending) {
        const restored = p.restore(savedFor(options.fitted, chain.feature.name, p));
        if (!restored) throw new RunError(`data \`${data.name}\`: the saved state has no usable ${p.file === 'vocab' ? 'vocabulary' : `\`${p.key}\` statistics`} for feature \`${chain.feature.name}\``);
        chain.steps[p.index] = restored;
      }
      chain.pending = [];
    }
  }
  const fitted: FittedState = { vocab: {}, stats: {} };
  const remember = (feature: string, p: PendingFit, f: Fitter): void => {
    const saved = f.saved?.();
    if (saved === undefined) return;
    if (p.file === 'vocab') fitted.vocab[feature] = saved;
    else (fitted.stats[feature] ??= {})[p.key] = saved;
  };

  // Counting pass, which also fits the first fitted transform of every chain.
  const sizes: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  const counted = new DataStats();
  let fitting = chains.map((c) => (c.pending.length > 0 ? { chain: c, at: c.pending[0], fitter: c.pending[0].fitter() } : undefined));
  let first = true;
  while (first || fitting.some((f) => f !== undefined)) {
    const assigner = new SplitAssigner(split);
    for await (const row of rows(first ? counted : undefined)) {
      const part = assigner.assign(row) as SplitName;
      if (first) sizes[part]++;
      if (part !== 'train') continue;
      for (const f of fitting) {
        if (!f) continue;
        try {
          f.fitter.observe(applyUpTo(f.chain, rawValue(row, f.chain.feature.from), f.at.index));
        } catch (e) {
          if (e instanceof RunError) throw e;
          const error = e instanceof DataError ? e : new DataError('row', `feature "${f.chain.feature.name}": ${(e as Error).message}`, row.origin, f.chain.feature.name);
          if (onBadRow === 'skip' && error.kind === 'row') {
            if (first) counted.skip(error.reason.replace(/, found .*$/, ''), error.origin ?? row.origin);
            continue;
          }
          throw error;
        }
      }
    }
    for (const f of fitting) {
      if (!f) continue;
      f.chain.steps[f.at.index] = f.fitter.finish();
      remember(f.chain.feature.name, f.at, f.fitter);
      f.chain.pending.shift();
    }
    fitting = chains.map((c) => (c.pending.length > 0 ? { chain: c, at: c.pending[0], fitter: c.pending[0].fitter() } : undefined));
    first = false;
  }
  if (sizes.train === 0) throw new RunError(`data \`${data.name}\`: the training split is empty`);
  if (options.runDir) writeFittedState(options.runDir, data.name, options.fitted ?? fitted);

  const features = (row: ValidRow): Record<string, ExampleValue> => {
    const values: Record<string, ExampleValue> = {};
    for (const chain of chains) {
      const name = chain.feature.name;
      try {
        values[name] = toExampleValue(applyUpTo(chain, rawValue(row, chain.feature.from), chain.steps.length), name);
      } catch (e) {
        if (e instanceof DataError) throw e;
        throw new DataError('row', `feature "${name}": ${(e as Error).message}`, row.origin, name);
      }
    }
    return values;
  };
  const augments = data.augment
    .filter((a) => a.ops.length > 0)
    .map((a) => {
      const feature = data.features.find((f) => f.name === a.feature);
      if (!feature) throw new RunError(`data \`${data.name}\`: \`augment\` names \`${a.feature}\`, which is not a feature`);
      return { name: a.feature, ops: a.ops.map((op) => runtimeAugmentation(op, a.feature, concreteShape(feature.type) ?? [])) };
    });
  const augment =
    augments.length === 0
      ? undefined
      : (values: Record<string, ExampleValue>, rng: Random): Record<string, ExampleValue> => {
          const out = { ...values };
          for (const a of augments) for (const op of a.ops) out[a.name] = op(out[a.name], rng);
          return out;
        };

  const base: DataPipelineSpec = {
    source,
    schema,
    onBadRow,
    clean: steps,
    split,
    features,
    augment,
    seed: data.seed,
    shuffle: data.shuffle > 1 ? { bufferSize: data.shuffle } : undefined,
    batchSize: data.batch,
  };
  return {
    name: data.name,
    specs,
    features: data.features,
    sizes,
    badRows: badRowsOf(counted),
    fitted: options.fitted ?? fitted,
    batchSize: data.batch,
    pipeline: (batchSize = data.batch) => new DataPipeline({ ...base, batchSize }),
  };
}

/** Writes data block `data`'s fitted state into a run folder's vocab.json and stats.json, beside other blocks' entries. */
export function writeFittedState(runDir: string, data: string, state: FittedState): void {
  const write = (name: string, value: Record<string, unknown>, indent?: number): void => {
    if (Object.keys(value).length === 0) return;
    const file = path.join(runDir, name);
    const all = readStateFile(file);
    all[data] = value;
    fs.writeFileSync(file, `${JSON.stringify(all, null, indent)}\n`);
  };
  write(VOCAB_FILE, state.vocab);
  write(STATS_FILE, state.stats, 2);
}
