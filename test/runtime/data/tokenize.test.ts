import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, readFittedState, VOCAB_FILE } from '../../../src/runtime/data/prepare.js';
import { runtimeTransform } from '../../../src/runtime/data/transforms.js';
import { OOV_ID, PAD_ID, type SavedVocabulary } from '../../../src/runtime/data/tokenize.js';
import { examples, tempDir, textData, tokenizeCall, writeTextCsv } from './helpers.js';

function fitted(call: ReturnType<typeof tokenizeCall>, train: string[]) {
  const t = runtimeTransform(call, []);
  if (t.kind !== 'fitted') throw new Error('tokenize is fitted');
  const f = t.fitter();
  for (const s of train) f.observe(s);
  return { apply: f.finish(), vocab: f.saved!() as SavedVocabulary };
}

describe('tokenize', () => {
  it('gives i32[max_len]: ids in text order, padded after (post) or before (pre), cut to length', () => {
    const { apply, vocab } = fitted(tokenizeCall({ max_len: 5 }), ['b a a', 'a c']);
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'a', 'b', 'c']);
    expect(Array.from(apply('a b zzz') as Int32Array)).toEqual([2, 3, OOV_ID, PAD_ID, PAD_ID]);
    expect(Array.from(apply('a b c a b c a') as Int32Array)).toEqual([2, 3, 4, 2, 3]);
    const pre = fitted(tokenizeCall({ max_len: 5, padding: 'pre' }), ['b a a', 'a c']).apply;
    expect(Array.from(pre('a b') as Int32Array)).toEqual([0, 0, 0, 2, 3]);
    // `pre` keeps the end of a long text.
    expect(Array.from(pre('c c c c a b') as Int32Array)).toEqual([4, 4, 4, 2, 3]);
  });

  it('keeps the most frequent tokens up to the vocabulary size, and only those seen min_freq times', () => {
    const { vocab } = fitted(tokenizeCall({ vocab: 4, min_freq: 2 }), ['x x x y y z', 'w w']);
    // Room for two tokens after padding and unknown: x (3) then w and y (2 each, in token order).
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'x', 'w']);
    const { vocab: rare } = fitted(tokenizeCall({ min_freq: 3 }), ['x x x y y z']);
    expect(rare.tokens).toEqual(['<pad>', '<unk>', 'x']);
  });

  it('splits characters in char mode', () => {
    const { apply, vocab } = fitted(tokenizeCall({ mode: 'char', max_len: 4 }), ['abba']);
    expect(vocab.tokens.slice(2)).toEqual(['a', 'b']);
    expect(Array.from(apply('abc') as Int32Array)).toEqual([2, 3, OOV_ID, PAD_ID]);
  });

  it('builds the vocabulary from the training split only, saves it, and rebuilds the same ids from vocab.json', async () => {
    const dir = tempDir();
    writeTextCsv(dir, 50);
    const runDir = tempDir();
    const data = await prepareData(textData(), { specDir: dir, projectRoot: dir }, { runDir });
    const tokens = new Set((data.fitted.vocab.body as SavedVocabulary).tokens);
    const wordsOf = async (split: string) => {
      const words: string[] = [];
      for await (const row of data.pipeline().rows({ split })) words.push(/uniq\d+/.exec(String(row.fields.text))![0]);
      return words;
    };
    const train = await wordsOf('train');
    const test = await wordsOf('test');
    const val = await wordsOf('val');
    expect(train.length).toBe(data.sizes.train);
    expect(test.length).toBeGreaterThan(0);
    for (const w of train) expect(tokens.has(w)).toBe(true);
    for (const w of [...test, ...val]) expect(tokens.has(w)).toBe(false);
    // A test example's own word is out of the vocabulary.
    const testExamples = await examples(data.pipeline().pass({ split: 'test' }).batches);
    for (const e of testExamples) expect(Array.from(e.values.body as ArrayLike<number>)).toContain(OOV_ID);

    const saved = JSON.parse(fs.readFileSync(path.join(runDir, VOCAB_FILE), 'utf8'));
    expect(saved.texts.body.tokens).toEqual([...tokens]);
    const again = await prepareData(textData(), { specDir: dir, projectRoot: dir }, { fitted: readFittedState(runDir, 'texts') });
    const reloaded = await examples(again.pipeline().pass({ split: 'test' }).batches);
    expect(reloaded.map((e) => Array.from(e.values.body as ArrayLike<number>))).toEqual(testExamples.map((e) => Array.from(e.values.body as ArrayLike<number>)));
  });

  it('refuses saved state that does not fit the transform', async () => {
    const dir = tempDir();
    writeTextCsv(dir, 10);
    const state = { vocab: { body: { mode: 'word', max_len: 99, padding: 'post', min_freq: 1, tokens: ['<pad>', '<unk>'] } }, stats: {} };
    await expect(prepareData(textData(), { specDir: dir, projectRoot: dir }, { fitted: state })).rejects.toThrow(/no usable vocabulary for feature `body`/);
  });
});
