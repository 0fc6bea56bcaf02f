// IR data block → a ready DataPipeline: the source opened, the schema, the
// split, and every feature's transform chain compiled, with fitted transforms
// (standardize, text class labels) measured on the training split first. One
// counting pass over the rows also gives the size of each split, for the run
// header and examples/s.

import type { ValidRow } from '../../data/row.js';
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
import { classLabelFitter, runtimeTransform, type ApplyFn, type FeatureValue, type Fitter, type RuntimeTransform } from './transforms.js';

export type SplitName = 'train' | 'val' | 'test';

export interface PreparedData {
  name: string;
  /** Feature name → how it is packed into tensors. */
  specs: FeatureSpec[];
  features: IrFeature[];
  /** Rows in each split (those that passed validation and cleaning). */
  sizes: Record<SplitName, number>;
  batchSize: number;
  /** Same data, batched at `batchSize` (a schedule may override the data's batch). */
  pipeline(batchSize?: number): DataPipeline;
}

interface FeatureChain {
  feature: IrFeature;
  steps: (ApplyFn | undefined)[];
  pending: { index: number; fitter: () => Fitter }[];
}

function featureSpec(f: IrFeature): FeatureSpec {
  const shape = concreteShape(f.type);
  if (!shape) throw new RunError(`feature \`${f.name}\` has a symbolic shape [${f.type.shape.join(', ')}]; the runtime needs every dimension known`);
  const dtype = f.type.dtype === 'i32' ? 'int32' : 'float32';
  return { name: f.name, dtype, shape };
}

function cleanSteps(data: IrData): CleanStep[] {
  return data.clean.map((c) => {
    const fields = Array.isArray(c.args['fields']) ? (c.args['fields'] as unknown[]).map(String) : typeof c.args['fields'] === 'string' ? [c.args['fields']] : [];
    if (c.op === 'drop_null' || c.op === 'dedupe') return { kind: c.op, fields };
    throw new RunError(`data \`${data.name}\`: the runtime cannot apply the cleaning step \`${c.op}\` yet`);
  });
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

function chainFor(feature: IrFeature, rawShape: number[]): FeatureChain {
  const steps: (ApplyFn | undefined)[] = [];
  const pending: FeatureChain['pending'] = [];
  const transforms: RuntimeTransform[] = feature.transforms.map((t) => runtimeTransform(t, rawShape, feature.type.classes !== undefined));
  transforms.forEach((t, i) => {
    if (t.kind === 'plain') steps.push(t.apply);
    else {
      steps.push(undefined);
      pending.push({ index: i, fitter: t.fitter });
    }
  });
  if (feature.type.classes !== undefined) {
    steps.push(undefined);
    pending.push({ index: steps.length - 1, fitter: () => classLabelFitter(feature.name, feature.type.classes!) });
  }
  return { feature, steps, pending };
}

function applyUpTo(chain: FeatureChain, v: FeatureValue, end: number): FeatureValue {
  for (let i = 0; i < end; i++) v = chain.steps[i]!(v);
  return v;
}

function toExampleValue(v: FeatureValue, feature: string): ExampleValue {
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Float32Array) return v;
  throw new Error(`feature \`${feature}\` is ${v === null ? 'missing' : 'still text'} after its transforms`);
}

export async function prepareData(data: IrData, where: SourceLocation): Promise<PreparedData> {
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
    const shape = Array.isArray(f.from as unknown) ? [(f.from as unknown as string[]).length] : (concreteShape(f.type) ?? []);
    return chainFor(f, shape);
  });
  const steps = cleanSteps(data);
  const onBadRow = data.on_error;
  const rows = (): AsyncIterable<ValidRow> => clean(validateRows(source, schema, { policy: onBadRow }), steps);

  // Counting pass, which also fits the first fitted transform of every chain.
  const sizes: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  let fitting = chains.map((c) => (c.pending.length > 0 ? { chain: c, at: c.pending[0], fitter: c.pending[0].fitter() } : undefined));
  let first = true;
  while (first || fitting.some((f) => f !== undefined)) {
    const assigner = new SplitAssigner(split);
    for await (const row of rows()) {
      const part = assigner.assign(row) as SplitName;
      if (first) sizes[part]++;
      if (part !== 'train') continue;
      for (const f of fitting) {
        if (!f) continue;
        try {
          f.fitter.observe(applyUpTo(f.chain, rawValue(row, f.chain.feature.from), f.at.index));
        } catch (e) {
          if (onBadRow === 'skip') continue;
          throw e instanceof DataError || e instanceof RunError ? e : new DataError('row', `feature "${f.chain.feature.name}": ${(e as Error).message}`, row.origin, f.chain.feature.name);
        }
      }
    }
    for (const f of fitting) {
      if (!f) continue;
      f.chain.steps[f.at.index] = f.fitter.finish();
      f.chain.pending.shift();
    }
    fitting = chains.map((c) => (c.pending.length > 0 ? { chain: c, at: c.pending[0], fitter: c.pending[0].fitter() } : undefined));
    first = false;
  }
  if (sizes.train === 0) throw new RunError(`data \`${data.name}\`: the training split is empty`);

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
    batchSize: data.batch,
    pipeline: (batchSize = data.batch) => new DataPipeline({ ...base, batchSize }),
  };
}
