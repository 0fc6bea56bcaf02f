import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DataPipeline } from '../../src/data/pipeline.js';
import { csv, mnist } from '../../src/data/sources/index.js';
import { parseSchema } from '../../src/data/schema.js';
import { collate } from '../../src/data/example.js';
import { tensorBatches, toBatch } from '../../src/data/tensorize.js';
import { DataError } from '../../src/data/errors.js';
import { dedupe, dropNull, filterRows } from '../../src/data/clean.js';
import { DataStats } from '../../src/data/stats.js';
import type { ValidRow } from '../../src/data/row.js';
import { collect, failure, irisBadCsv, irisCsv } from './helpers.js';

const species = ['setosa', 'versicolor', 'virginica'];
const irisFeatures = (row: ValidRow) => ({
  measurements: [row.fields.sepal_length, row.fields.sepal_width, row.fields.petal_length, row.fields.petal_width] as number[],
  label: species.indexOf(row.fields.species as string),
});
const irisSchema = parseSchema({
  sepal_length: 'float',
  sepal_width: 'float',
  petal_length: 'float',
  petal_width: 'float',
  species: 'string',
});

function irisPipeline(seed = 7) {
  return new DataPipeline({
    source: csv(irisCsv, { name: 'iris.csv' }),
    schema: irisSchema,
    split: { fractions: { train: 0.8, test: 0.2 }, seed, stratifyBy: 'species' },
    features: irisFeatures,
    seed,
    shuffle: { bufferSize: 200 },
    batchSize: 16,
  });
}

const lines = (batches: { origin: { line: number } }[][]) => batches.flat().map((e) => e.origin.line);

describe('the data pipeline', () => {
  it('streams a CSV into seeded, shuffled train batches and an unshuffled test split', async () => {
    const p = irisPipeline();
    const train = await collect(p.pass({ split: 'train', epoch: 0 }).batches);
    expect(train.map((b) => b.length)).toEqual([16, 16, 16, 16, 16, 16, 16, 8]);
    const test = await collect(p.pass({ split: 'test' }).batches);
    expect(lines(test)).toEqual([...lines(test)].sort((a, b) => a - b));
    expect(lines(test)).toHaveLength(30);
    const trainLines = new Set(lines(train));
    for (const l of lines(test)) expect(trainLines.has(l)).toBe(false);

    // Same seed and epoch: the same order; another epoch: another order of the same rows.
    expect(lines(await collect(irisPipeline().pass({ split: 'train', epoch: 0 }).batches))).toEqual(lines(train));
    const epoch1 = lines(await collect(p.pass({ split: 'train', epoch: 1 }).batches));
    expect(epoch1).not.toEqual(lines(train));
    expect([...epoch1].sort((a, b) => a - b)).toEqual([...trainLines].sort((a, b) => a - b));
  });

  it('turns batches into tensors of the declared dtype and shape', async () => {
    const specs = [
      { name: 'measurements', dtype: 'float32' as const, shape: [4] },
      { name: 'label', dtype: 'int32' as const, shape: [] },
    ];
    let count = 0;
    for await (const b of tensorBatches(irisPipeline().pass({ split: 'test' }).batches, specs)) {
      expect(b.features.measurements.shape).toEqual([b.size, 4]);
      expect(b.features.measurements.dtype).toBe('float32');
      expect(b.features.label.dtype).toBe('int32');
      count += b.size;
      if (count === 16) expect(Array.from(b.features.label.dataSync()).every((l) => l >= 0 && l < 3)).toBe(true);
      tf.dispose(Object.values(b.features));
    }
    expect(count).toBe(30);
  });

  it('tensorizes mnist digits as [n, 28, 28, 1]', async () => {
    const examples = [];
    for await (const e of new DataPipeline({ source: mnist(), batchSize: 8 }).examples()) {
      examples.push(e);
      if (examples.length === 8) break;
    }
    const batch = toBatch(examples, [
      { name: 'pixels', dtype: 'float32', shape: [28, 28, 1] },
      { name: 'digit', dtype: 'int32', shape: [] },
    ]);
    expect(batch.features.pixels.shape).toEqual([8, 28, 28, 1]);
    expect(Array.from(batch.features.digit.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(tf.max(batch.features.pixels).dataSync()[0]).toBeLessThanOrEqual(255);
    tf.dispose(Object.values(batch.features));
  });

  it('collates without tf.js and cites the example when a value has the wrong size', () => {
    const origin = { file: 'iris.csv', line: 9 };
    const c = collate(
      [
        { values: { x: [1, 2] }, origin },
        { values: { x: new Float32Array([3, 4]) }, origin },
      ],
      [{ name: 'x', dtype: 'float32', shape: [2] }],
    );
    expect(c.x.shape).toEqual([2, 2]);
    expect(Array.from(c.x.data)).toEqual([1, 2, 3, 4]);
    expect(() => collate([{ values: { x: [1, 2, 3] }, origin }], [{ name: 'x', dtype: 'float32', shape: [2] }])).toThrow(
      'iris.csv:9: feature "x": expected float32[2], found 3 values',
    );
    expect(() => collate([{ values: { y: 1.5 }, origin }], [{ name: 'y', dtype: 'int32', shape: [] }])).toThrow(
      'found the non-integer 1.5',
    );
  });

  it('stops on a bad row by default and skips and counts under the skip policy', async () => {
    const spec = { source: csv(irisBadCsv, { name: 'bad.csv' }), schema: irisSchema, features: irisFeatures, batchSize: 4 };
    const e = (await failure(new DataPipeline(spec).pass().batches)) as DataError;
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('bad.csv:5: field "petal_width": expected float, found "five"');
    const pass = new DataPipeline({ ...spec, onBadRow: 'skip' }).pass();
    expect((await collect(pass.batches)).flat()).toHaveLength(16);
    expect(pass.stats.skippedCount).toBe(4);
  });

  it('skips rows a feature transform rejects, with their origin', async () => {
    const pass = new DataPipeline({
      source: csv(irisCsv, { name: 'iris.csv' }),
      schema: irisSchema,
      onBadRow: 'skip',
      features: (row) => {
        if (row.fields.species === 'virginica') throw new DataError('row', 'unknown species "virginica"');
        return irisFeatures(row);
      },
      batchSize: 50,
    }).pass();
    expect((await collect(pass.batches)).flat()).toHaveLength(100);
    expect(pass.stats.skipped.get('unknown species "virginica"')).toEqual({ count: 50, first: { file: 'iris.csv', line: 102 } });
  });

  it('augments the train split only, the same way under the same seed and epoch', async () => {
    const make = (seed: number) =>
      new DataPipeline({
        source: csv(irisCsv),
        schema: irisSchema,
        split: { fractions: { train: 0.8, test: 0.2 }, seed: 1 },
        features: irisFeatures,
        augment: (values, rng) => ({ ...values, noise: rng.normal() }),
        seed,
        batchSize: 200,
      });
    const noise = async (seed: number, split: string, epoch = 0) =>
      (await collect(make(seed).pass({ split, epoch }).batches)).flat().map((e) => e.values.noise);
    expect((await noise(5, 'test')).every((n) => n === undefined)).toBe(true);
    const train = await noise(5, 'train');
    expect(train.every((n) => typeof n === 'number')).toBe(true);
    expect(await noise(5, 'train')).toEqual(train);
    expect(await noise(5, 'train', 1)).not.toEqual(train);
    expect(await noise(6, 'train')).not.toEqual(train);
  });

  it('asks for a split name when the data is split', async () => {
    expect(() => irisPipeline().pass()).toThrow('the data is split into train, test: name the split to read');
  });
});

describe('cleaning', () => {
  async function* rows(): AsyncGenerator<ValidRow> {
    const data = [
      { a: 1, b: 'x' },
      { a: null, b: 'y' },
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
      { a: '1', b: 'x' },
    ];
    for (let i = 0; i < data.length; i++) yield { fields: data[i], origin: { file: 'c', line: i + 1 } };
  }
  const values = (rs: ValidRow[]) => rs.map((r) => r.origin.line);

  it('drop_null, dedupe and filter each remove rows and count them', async () => {
    const stats = new DataStats();
    expect(values(await collect(dropNull(rows(), ['a'], stats)))).toEqual([1, 3, 4, 5]);
    expect(values(await collect(dedupe(rows(), ['a', 'b'], stats)))).toEqual([1, 2, 4, 5]);
    expect(values(await collect(dedupe(rows(), ['b'], stats)))).toEqual([1, 2]);
    expect(values(await collect(filterRows(rows(), (f) => f.a === 2, 'a == 2', stats)))).toEqual([4]);
    expect(Object.fromEntries([...stats.dropped].map(([k, v]) => [k, v.count]))).toEqual({
      'drop_null(a)': 1,
      'dedupe(a, b)': 1,
      'dedupe(b)': 3,
      'filter(a == 2)': 4,
    });
  });

  it('run inside the pipeline before the split', async () => {
    const pass = new DataPipeline({
      source: csv(irisCsv),
      schema: irisSchema,
      clean: [{ kind: 'dedupe', fields: [] }],
      features: irisFeatures,
      batchSize: 200,
    }).pass();
    const [all] = await collect(pass.batches);
    // Iris has one exact duplicate row (line 144 repeats line 103).
    expect(all).toHaveLength(149);
    expect(pass.stats.dropped.get('dedupe()')).toEqual({ count: 1, first: { file: irisCsv, line: 144 } });
  });
});
