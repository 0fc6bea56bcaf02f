// Helpers for the runtime data tests: a small text CSV in a temp folder, the
// IR data block that reads it, and collecting a pass's examples.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Example } from '../../../src/data/example.js';
import type { IrCall, IrData, IrFeature } from '../../../src/ir/types.js';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-rdata-'));
  made.push(dir);
  return dir;
}

/** A CSV of `rows` texts, each with a word only it contains (`uniqN`), and a 0/1 label. */
export function writeTextCsv(dir: string, rows: number): string {
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) lines.push(`"common words here, uniq${i} and more",${i % 2}`);
  const file = path.join(dir, 'texts.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export function tokenizeCall(args: Record<string, string | number> = {}): IrCall {
  return { op: 'tokenize', args: { mode: 'word', vocab: 1000, max_len: 6, min_freq: 1, padding: 'post', ...args } };
}

export function textData(change: Partial<IrData> = {}, body: IrCall[] = [tokenizeCall()], length = 6): IrData {
  const features: IrFeature[] = [
    { name: 'body', type: { dtype: 'i32', shape: [length] }, from: 'text', transforms: body, label: false },
    { name: 'label', type: { dtype: 'i32', shape: [], classes: 2 }, from: 'label', transforms: [], label: true },
  ];
  return {
    name: 'texts',
    source: { op: 'csv', args: { path: 'texts.csv', header: true } },
    fields: [
      { name: 'text', type: 'string', optional: false },
      { name: 'label', type: 'int', optional: false },
    ],
    clean: [],
    features,
    augment: [],
    split: { train: 0.6, val: 0.2, test: 0.2 },
    seed: 4,
    batch: 8,
    shuffle: 0,
    on_error: 'stop',
    ...change,
  };
}

export async function examples(batches: AsyncIterable<Example[]>): Promise<Example[]> {
  const out: Example[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}
