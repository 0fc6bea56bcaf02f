// A data block's whole row pipeline, in the order the spec reads:
//   source → validate → clean → split → features → augment (train only)
//   → shuffle (train only) → batch → prefetch
// Each call to `pass()` is one fresh pass over the source (one epoch), with
// its own stats, randomness derived from the seeds and the epoch number, and
// nothing but the shuffle buffer and a few batches in memory. The output is
// plain examples; tensorize.ts turns them into tf.js batches.

import type { ValidRow } from './row.js';
import { DataError } from './errors.js';
import { DataStats } from './stats.js';
import { rowChecker, validateRows, type BadRowPolicy, type RowSchema } from './schema.js';
import { clean, rowCleaner, type CleanStep } from './clean.js';
import { SplitAssigner, takeSplit, type SplitSpec } from './split.js';
import { prefetch } from './batch.js';
import { Random } from './random.js';
import type { Example, ExampleValue } from './example.js';
import type { RowSource } from './sources/source.js';

export interface DataPipelineSpec {
  source: RowSource;
  /** The raw fields; default the source's own schema (bundled datasets). */
  schema?: RowSchema;
  onBadRow?: BadRowPolicy;
  clean?: CleanStep[];
  split?: SplitSpec;
  /** Row → feature values (the spec's `features` block). Default: the row's
   *  non-string fields as they are. Transforms fitted on the training split
   *  (standardize, a vocabulary) are fitted first from `rows({ split: 'train' })`. */
  features?: (row: ValidRow) => Record<string, ExampleValue>;
  /** Applied to examples of the `train` split only; draws from the rng it is given. */
  augment?: (values: Record<string, ExampleValue>, rng: Random) => Record<string, ExampleValue>;
  /** Seeds the shuffle and the augmentation (each epoch draws a fresh stream from it); default 0. */
  seed?: number;
  /** Shuffle-buffer size; used for the `train` split (or when there is no split). */
  shuffle?: { bufferSize: number };
  batchSize: number;
  dropRemainder?: boolean;
  /** Batches prepared ahead of the consumer (default 2; 0 turns it off). */
  prefetch?: number;
}

export interface PassOptions {
  /** Which split to read; required when the spec splits. */
  split?: string;
  /** 0-based; varies the shuffle and augmentation from epoch to epoch. */
  epoch?: number;
}

export interface DataPass {
  batches: AsyncIterable<Example[]>;
  /** Filled in as the pass runs; complete once `batches` is exhausted. */
  stats: DataStats;
}

const TRAIN = 'train';

function defaultFeatures(row: ValidRow): Record<string, ExampleValue> {
  const values: Record<string, ExampleValue> = {};
  for (const [name, v] of Object.entries(row.fields)) if (v !== null && typeof v !== 'string') values[name] = v;
  return values;
}

export class DataPipeline {
  constructor(readonly spec: DataPipelineSpec) {}

  /** The validated, cleaned rows of one split, before features; for inspection and the checker's previews. */
  rows(options: PassOptions = {}, stats = new DataStats()): AsyncIterable<ValidRow> {
    const spec = this.spec;
    let rows: AsyncIterable<ValidRow> = validateRows(spec.source, spec.schema, { policy: spec.onBadRow, stats });
    rows = clean(rows, spec.clean ?? [], stats);
    if (spec.split) {
      if (options.split === undefined) {
        throw new DataError('config', `the data is split into ${Object.keys(spec.split.fractions).join(', ')}: name the split to read`);
      }
      rows = takeSplit(rows, spec.split, options.split);
    } else if (options.split !== undefined && options.split !== TRAIN) {
      throw new DataError('config', `no split named "${options.split}": the data is not split`);
    }
    return rows;
  }

  examples(options: PassOptions = {}, stats = new DataStats()): AsyncIterable<Example> {
    const batches = this.batches(options, stats, 1024, false);
    return (async function* () {
      for await (const b of batches) yield* b;
    })();
  }

  /**
   * One pass as batches. Every per-row stage (validate, clean, split,
   * features, augment, shuffle, batch) runs inside this one loop as plain
   * function calls: an async stage per row would cost a promise round trip
   * per row and stage, several times the work of a simple row.
   */
  private batches(options: PassOptions, stats: DataStats, batchSize: number, dropRemainder: boolean): AsyncIterable<Example[]> {
    const spec = this.spec;
    const epoch = options.epoch ?? 0;
    const training = (options.split ?? TRAIN) === TRAIN;
    if (spec.split) {
      if (options.split === undefined) {
        throw new DataError('config', `the data is split into ${Object.keys(spec.split.fractions).join(', ')}: name the split to read`);
      }
      if (!(options.split in spec.split.fractions)) {
        throw new DataError('config', `no split named "${options.split}": the splits are ${Object.keys(spec.split.fractions).join(', ')}`);
      }
    } else if (options.split !== undefined && options.split !== TRAIN) {
      throw new DataError('config', `no split named "${options.split}": the data is not split`);
    }
    const toValues = spec.features ?? defaultFeatures;
    const augment = training ? spec.augment : undefined;
    const policy = spec.onBadRow ?? 'stop';
    const seed = new Random(spec.seed ?? 0);
    const augmentRng = seed.fork('augment', epoch);
    const shuffle = training && spec.shuffle ? { size: Math.max(1, Math.floor(spec.shuffle.bufferSize)), rng: seed.fork('shuffle', epoch) } : undefined;
    const size = Math.max(1, Math.floor(batchSize));
    const wanted = options.split;
    return (async function* () {
      const check = rowChecker(spec.source, spec.schema, { policy: spec.onBadRow, stats });
      const keep = rowCleaner(spec.clean ?? [], stats);
      const assigner = spec.split ? new SplitAssigner(spec.split) : undefined;
      const buffer: Example[] = [];
      let current: Example[] = [];
      for await (const raw of spec.source) {
        const row = check(raw);
        if (!row || !keep(row)) continue;
        if (assigner && assigner.assign(row) !== wanted) continue;
        let values: Record<string, ExampleValue>;
        try {
          values = toValues(row);
          if (augment) values = augment(values, augmentRng);
        } catch (e) {
          const error =
            e instanceof DataError
              ? e.origin
                ? e
                : new DataError(e.kind, e.reason, row.origin, e.field)
              : new DataError('row', `a feature transform failed: ${(e as Error)?.message ?? String(e)}`, row.origin);
          if (policy === 'skip' && error.kind === 'row') {
            stats.skip(error.reason.replace(/, found .*$/, ''), row.origin);
            continue;
          }
          throw error;
        }
        let example: Example | undefined = { values, origin: row.origin };
        if (shuffle) {
          // The shuffle buffer (shuffle.ts), inline: once full, each arrival swaps out a random resident.
          if (buffer.length < shuffle.size) {
            buffer.push(example);
            example = undefined;
          } else {
            const j = shuffle.rng.int(shuffle.size);
            const out = buffer[j];
            buffer[j] = example;
            example = out;
          }
        }
        if (!example) continue;
        current.push(example);
        if (current.length === size) {
          yield current;
          current = [];
        }
      }
      if (shuffle) {
        shuffle.rng.shuffle(buffer);
        for (const example of buffer) {
          current.push(example);
          if (current.length === size) {
            yield current;
            current = [];
          }
        }
      }
      if (current.length > 0 && !dropRemainder) yield current;
    })();
  }

  pass(options: PassOptions = {}): DataPass {
    const stats = new DataStats();
    const spec = this.spec;
    const batches = this.batches(options, stats, spec.batchSize, spec.dropRemainder ?? false);
    const depth = spec.prefetch ?? 2;
    return { batches: depth > 0 ? prefetch(batches, depth) : batches, stats };
  }
}
