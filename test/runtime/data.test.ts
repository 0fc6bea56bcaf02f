import { describe, expect, it } from 'vitest';
import { prepareData } from '../../src/runtime/data/prepare.js';
import { runtimeAugmentation } from '../../src/runtime/data/augment.js';
import { Random } from '../../src/data/random.js';
import type { Example } from '../../src/data/example.js';
import { examplesDir, irisProgram, repoRoot } from './helpers.js';

async function examples(batches: AsyncIterable<Example[]>): Promise<Example[]> {
  const out: Example[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('preparing IR data', () => {
  it('fits standardize on the training split only, and numbers class labels', async () => {
    const data = await prepareData(irisProgram().data.flowers, { specDir: examplesDir, projectRoot: repoRoot });
    expect(data.sizes).toEqual({ train: 105, val: 15, test: 30 });
    const train = await examples(data.pipeline().pass({ split: 'train', epoch: 0 }).batches);
    const test = await examples(data.pipeline().pass({ split: 'test' }).batches);
    const petal = (es: Example[]) => es.map((e) => Number(e.values.petal_length));
    expect(mean(petal(train))).toBeCloseTo(0, 5);
    expect(Math.abs(mean(petal(test)))).toBeGreaterThan(1e-4);
    // Stratified by the label's field: ten of each species in the test split.
    const counts = [0, 0, 0];
    for (const e of test) counts[Number(e.values.label)]++;
    expect(counts).toEqual([10, 10, 10]);
  });

  it('augments images reproducibly from the seeded generator, keeping their size', () => {
    const image = Float32Array.from({ length: 5 * 5 }, (_, i) => i);
    const shift = runtimeAugmentation({ op: 'random_shift', args: { pixels: 1, p: 1 } }, 'image', [5, 5, 1]);
    const a = shift(image, new Random(3)) as Float32Array;
    const b = shift(image, new Random(3)) as Float32Array;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a).toHaveLength(25);
    const rotate = runtimeAugmentation({ op: 'random_rotate', args: { degrees: 10, p: 0 } }, 'image', [5, 5, 1]);
    expect(rotate(image, new Random(1))).toBe(image); // p = 0: never applied
  });
});
