import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analysis/analyze.js';
import { lowerProgram } from '../../../src/ir/lower.js';
import { createProgram } from '../../../src/analysis/analyze.js';
import { runtimeAugmentation } from '../../../src/runtime/data/augment.js';
import { prepareData } from '../../../src/runtime/data/prepare.js';
import { Random } from '../../../src/data/random.js';
import { examples, tempDir, textData, writeTextCsv } from './helpers.js';

const ids = (es: Awaited<ReturnType<typeof examples>>) => es.map((e) => Array.from(e.values.body as ArrayLike<number>));

describe('augmentation under a seed', () => {
  it('is the same for the same seed and epoch, differs between epochs, and never touches the test split', async () => {
    const dir = tempDir();
    writeTextCsv(dir, 60);
    const ir = textData({ augment: [{ feature: 'body', ops: [{ op: 'token_dropout', args: { p: 0.5 } }] }], shuffle: 16 });
    const where = { specDir: dir, projectRoot: dir };
    const a = await prepareData(ir, where);
    const b = await prepareData(ir, where);
    const epoch0 = ids(await examples(a.pipeline().pass({ split: 'train', epoch: 0 }).batches));
    expect(ids(await examples(b.pipeline().pass({ split: 'train', epoch: 0 }).batches))).toEqual(epoch0);
    expect(ids(await examples(a.pipeline().pass({ split: 'train', epoch: 1 }).batches))).not.toEqual(epoch0);
    expect(epoch0.flat()).toContain(1); // some tokens dropped to the unknown id
    const plain = await prepareData({ ...ir, augment: [] }, where);
    expect(ids(await examples(a.pipeline().pass({ split: 'test' }).batches))).toEqual(ids(await examples(plain.pipeline().pass({ split: 'test' }).batches)));
  });

  it('draws image augmentations from the seeded generator only', () => {
    const image = Float32Array.from({ length: 8 * 8 * 3 }, (_, i) => i / 10);
    for (const op of [
      { op: 'random_flip', args: { mode: 'both', p: 0.5 } },
      { op: 'random_crop', args: { padding: 2, p: 1 } },
      { op: 'random_rotate', args: { degrees: 20, p: 1 } },
      { op: 'gaussian_noise', args: { std: 0.1, p: 1 } },
      { op: 'random_mask', args: { size: 3, p: 1 } },
    ]) {
      const f = runtimeAugmentation(op, 'image', [8, 8, 3]);
      const run = (seed: number) => Array.from({ length: 4 }, () => 0).map((_, i, __, rng = new Random(seed).fork('x', i)) => Array.from(f(image, rng) as Float32Array));
      expect(run(9), op.op).toEqual(run(9));
      expect(run(9)[0], op.op).toHaveLength(image.length);
    }
  });
});

describe('cleaning with filter', () => {
  it('keeps the rows the condition accepts and counts the others', async () => {
    const dir = tempDir();
    writeTextCsv(dir, 40);
    const data = await prepareData(textData({ clean: [{ op: 'filter', args: { predicate: 'label == 1 && contains(text, "uniq")' } }] }), { specDir: dir, projectRoot: dir });
    expect(data.sizes.train + data.sizes.val + data.sizes.test).toBe(20);
    expect(data.badRows.dropped).toBe(20);
    expect(data.badRows.lines).toEqual(['filter(label == 1 && contains(text, "uniq")) removed 20 rows']);
  });

  it('stops before reading when the condition names something that is not a field', async () => {
    const dir = tempDir();
    writeTextCsv(dir, 5);
    await expect(prepareData(textData({ clean: [{ op: 'filter', args: { predicate: 'lable == 1' } }] }), { specDir: dir, projectRoot: dir })).rejects.toThrow(/data `texts`: filter\(lable == 1\): `lable` is not a field/);
  });
});

describe('typed features', () => {
  function check(spec: string) {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'main.kiln'), spec);
    return { result: analyze([path.join(dir, 'main.kiln')], { cwd: dir, root: dir }), dir };
  }
  const data = (body: string, headers: string) => `data emails {
  source = spam_assassin()
  features {
    body: ${body} = text |> strip_headers() |> lowercase() |> tokenize(vocab: 8000, max_len: 64)
    headers: ${headers} = text |> header_stats() |> standardize()
    label: class[2] = is_spam
  }
}
`;

  it('type tokenize(vocab: 8000, max_len: 64) as i32[64] and header_stats() as f32[5], in the checker and the IR', () => {
    const { result, dir } = check(data('i32[64]', 'f32[5]'));
    expect(result.diagnostics).toEqual([]);
    const lowered = lowerProgram(createProgram([path.join(dir, 'main.kiln')], dir), path.join(dir, 'main.kiln'));
    expect('ir' in lowered).toBe(true);
    if (!('ir' in lowered)) return;
    const features = Object.fromEntries(lowered.ir.data.emails.features.map((f) => [f.name, f.type]));
    expect(features.body).toEqual({ dtype: 'i32', shape: [64] });
    expect(features.headers).toEqual({ dtype: 'f32', shape: [5] });
  });

  it('report a declared type that does not match what the pipeline produces', () => {
    const { result } = check(data('i32[128]', 'f32[4]'));
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.includes('i32[128]') && m.includes('i32[64]'))).toBe(true);
    expect(messages.some((m) => m.includes('f32[4]') && m.includes('f32[5]'))).toBe(true);
  });
});
