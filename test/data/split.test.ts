import { describe, expect, it } from 'vitest';
import { Random, hashSeed } from '../../src/data/random.js';
import { SplitAssigner, blockLayout, checkSplitSpec, takeSplit, type SplitSpec } from '../../src/data/split.js';
import { shuffleBuffer } from '../../src/data/shuffle.js';
import { batch, prefetch } from '../../src/data/batch.js';
import { validateRows } from '../../src/data/schema.js';
import { iris } from '../../src/data/sources/index.js';
import { DataError } from '../../src/data/errors.js';
import type { ValidRow } from '../../src/data/row.js';
import { collect, failure } from './helpers.js';

async function* numbered(n: number): AsyncGenerator<ValidRow> {
  for (let i = 0; i < n; i++) yield { fields: { id: i, cls: i % 3 === 0 ? 'a' : 'b' }, origin: { file: 'gen', line: i + 1 } };
}

const ids = (rows: ValidRow[]) => rows.map((r) => r.fields.id as number);

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('random', () => {
  it('is deterministic under a seed and differs across seeds and forks', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    expect(draw(new Random(7))).toEqual(draw(new Random(7)));
    expect(draw(new Random(7))).not.toEqual(draw(new Random(8)));
    expect(draw(new Random(7).fork('shuffle', 1))).not.toEqual(draw(new Random(7).fork('shuffle', 2)));
    expect(hashSeed(1, 'a')).not.toBe(hashSeed(1, 'b'));
  });

  it('draws floats in [0, 1) and unbiased integers', () => {
    const r = new Random(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      counts[r.int(6)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('split', () => {
  const spec: SplitSpec = { fractions: { train: 0.8, val: 0.1, test: 0.1 }, seed: 42 };

  it('checks its spec before any data is read', () => {
    expect(checkSplitSpec(spec)).toBeUndefined();
    expect(checkSplitSpec({ fractions: { train: 0.8, test: 0.1 }, seed: 1 })).toBe('split fractions must add up to 1, found 0.9');
    expect(checkSplitSpec({ fractions: { train: 1.2, test: -0.2 }, seed: 1 })).toMatch(/must be in \[0, 1\]/);
    expect(blockLayout([0.8, 0.1, 0.1])).toEqual({ size: 10, counts: [8, 1, 1] });
    expect(blockLayout([0.7, 0.15, 0.15])).toEqual({ size: 20, counts: [14, 3, 3] });
  });

  it('gives exact fractions, disjoint parts that cover every row, the same in every pass', async () => {
    const parts = await Promise.all(['train', 'val', 'test'].map(async (s) => ids(await collect(takeSplit(numbered(1000), spec, s)))));
    expect(parts.map((p) => p.length)).toEqual([800, 100, 100]);
    const all = new Set(parts.flat());
    expect(all.size).toBe(1000);
    const again = ids(await collect(takeSplit(numbered(1000), spec, 'test')));
    expect(again).toEqual(parts[2]);
    const otherSeed = ids(await collect(takeSplit(numbered(1000), { ...spec, seed: 43 }, 'test')));
    expect(otherSeed).not.toEqual(parts[2]);
  });

  it('never puts a test row of the real iris data in train', async () => {
    const s: SplitSpec = { fractions: { train: 0.7, test: 0.3 }, seed: 3, stratifyBy: 'species' };
    const key = (r: ValidRow) => r.origin.line;
    const train = new Set((await collect(takeSplit(validateRows(iris(), undefined), s, 'train'))).map(key));
    const test = (await collect(takeSplit(validateRows(iris(), undefined), s, 'test'))).map(key);
    expect(train.size + test.length).toBe(150);
    for (const line of test) expect(train.has(line)).toBe(false);
  });

  it('stratifies: every class keeps its share in every split', async () => {
    const s: SplitSpec = { fractions: { train: 0.8, test: 0.2 }, seed: 9, stratifyBy: 'species' };
    const test = await collect(takeSplit(validateRows(iris(), undefined), s, 'test'));
    const bySpecies = new Map<string, number>();
    for (const r of test) bySpecies.set(r.fields.species as string, (bySpecies.get(r.fields.species as string) ?? 0) + 1);
    expect(Object.fromEntries(bySpecies)).toEqual({ setosa: 10, versicolor: 10, virginica: 10 });
  });

  it('allows an empty split and stratifies by a computed key', async () => {
    const none = await collect(takeSplit(numbered(100), { fractions: { train: 0.9, val: 0, test: 0.1 }, seed: 1 }, 'val'));
    expect(none).toHaveLength(0);
    const byParity: SplitSpec = { fractions: { train: 0.5, test: 0.5 }, seed: 2, stratifyBy: (row) => (row.fields.id as number) % 2 };
    const test = ids(await collect(takeSplit(numbered(100), byParity, 'test')));
    expect(test.filter((id) => id % 2 === 0)).toHaveLength(25);
    expect(test).toHaveLength(50);
  });

  it('reports a split or stratify field that does not exist', async () => {
    expect(((await failure(takeSplit(numbered(3), spec, 'holdout'))) as DataError).message).toBe(
      'no split named "holdout": the splits are train, val, test',
    );
    const assigner = new SplitAssigner({ ...spec, stratifyBy: 'colour' });
    expect(() => assigner.assign({ fields: { id: 1 }, origin: { file: 'gen', line: 1 } })).toThrow(
      'gen:1: cannot stratify by "colour": rows have no such field',
    );
  });
});

describe('shuffle, batch, prefetch', () => {
  it('shuffles deterministically under a seed, keeping every item once', async () => {
    const items = Array.from({ length: 500 }, (_, i) => i);
    const once = await collect(shuffleBuffer(from(items), 64, new Random(5)));
    expect(once).toEqual(await collect(shuffleBuffer(from(items), 64, new Random(5))));
    expect(once).not.toEqual(items);
    expect(once).not.toEqual(await collect(shuffleBuffer(from(items), 64, new Random(6))));
    expect([...once].sort((a, b) => a - b)).toEqual(items);
    // A buffer as large as the data moves the first item anywhere, including the end.
    const full = await collect(shuffleBuffer(from(items), 1000, new Random(5)));
    expect(full.indexOf(0)).not.toBe(0);
  });

  it('batches with or without the remainder', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect((await collect(batch(from(items), 4))).map((b) => b.length)).toEqual([4, 4, 2]);
    expect((await collect(batch(from(items), 4, { dropRemainder: true }))).map((b) => b.length)).toEqual([4, 4]);
  });

  it('prefetch keeps order, reads ahead while the consumer works, and closes the source on break', async () => {
    const produced: number[] = [];
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) {
          produced.push(i);
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    let aheadWhileWorking = 0;
    for await (const x of prefetch(source(), 3)) {
      seen.push(x);
      await new Promise((r) => setTimeout(r, 1));
      aheadWhileWorking = Math.max(aheadWhileWorking, produced.length - seen.length);
      if (x === 9) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(aheadWhileWorking).toBeGreaterThanOrEqual(2);
    expect(closed).toBe(true);
    expect(await collect(prefetch(from([1, 2, 3]), 2))).toEqual([1, 2, 3]);
  });

  it('prefetch passes a failure on to the consumer once it reaches it', async () => {
    async function* failing() {
      yield 1;
      throw new DataError('row', 'bad', { file: 'f', line: 2 });
    }
    const seen: number[] = [];
    const e = await (async () => {
      try {
        for await (const x of prefetch(failing(), 2)) seen.push(x);
      } catch (err) {
        return err;
      }
    })();
    expect(seen).toEqual([1]);
    expect((e as DataError).message).toBe('f:2: bad');
  });
});
