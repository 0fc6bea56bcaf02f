import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pngjs from 'pngjs';
import jpeg from 'jpeg-js';
import {
  mnist,
  iris,
  spam_assassin,
  moby_dick,
  csv,
  jsonl,
  text_lines,
  image_folder,
  bundledDatasets,
} from '../../src/data/sources/index.js';
import { DataError } from '../../src/data/errors.js';
import { collect, failure, irisCsv, tempDir } from './helpers.js';

describe('bundled datasets', () => {
  it('mnist yields 10,000 digits in a fixed round-robin order, pixels whole numbers 0..255', async () => {
    const counts = new Array(10).fill(0);
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    const firstTen: number[] = [];
    for await (const row of mnist()) {
      const pixels = row.fields.pixels as Float32Array;
      expect(pixels).toBeInstanceOf(Float32Array);
      expect(pixels.length).toBe(784);
      const digit = row.fields.digit as number;
      counts[digit]++;
      if (n < 10) firstTen.push(digit);
      n++;
      expect(row.origin).toEqual({ file: 'mnist', line: n });
      if (n % 97 === 0) for (const p of pixels) ((min = Math.min(min, p)), (max = Math.max(max, p)));
    }
    expect(n).toBe(10_000);
    expect(firstTen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counts.every((c) => c > 800)).toBe(true);
    expect(min).toBe(0);
    expect(max).toBe(255);
  });

  it('mnist gives the same pixels in every pass', async () => {
    const first = async () => {
      for await (const row of mnist()) if (row.origin.line === 1234) return Array.from(row.fields.pixels as Float32Array);
    };
    expect(await first()).toEqual(await first());
  });

  it('iris yields 150 rows, 50 per species', async () => {
    const rows = await collect(iris());
    expect(rows).toHaveLength(150);
    expect(rows[0].fields).toEqual({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, species: 'setosa' });
    const species = new Map<string, number>();
    for (const r of rows) species.set(r.fields.species as string, (species.get(r.fields.species as string) ?? 0) + 1);
    expect(Object.fromEntries(species)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
  });

  it('spam_assassin yields 6,046 raw emails with headers, labels and groups', async () => {
    const groups = new Map<string, number>();
    const labels = new Map<string, number>();
    let n = 0;
    for await (const row of spam_assassin()) {
      n++;
      const { text, label, group } = row.fields as Record<string, string>;
      expect(row.fields.is_spam).toBe(label === 'spam' ? 1 : 0);
      groups.set(group, (groups.get(group) ?? 0) + 1);
      labels.set(label, (labels.get(label) ?? 0) + 1);
      expect(label).toBe(group.startsWith('spam') ? 'spam' : 'ham');
      if (n === 1) expect(text).toMatch(/^From .*\nReturn-Path:/);
    }
    expect(n).toBe(6046);
    expect(Object.fromEntries(groups)).toEqual({
      'easy-ham-1': 2500,
      'easy-ham-2': 1400,
      'hard-ham-1': 250,
      'spam-1': 500,
      'spam-2': 1396,
    });
    expect(Object.fromEntries(labels)).toEqual({ ham: 4150, spam: 1896 });
  });

  it('moby_dick yields 139 sections, or their lines', async () => {
    const sections = await collect(moby_dick());
    expect(sections).toHaveLength(139);
    expect(sections[3].fields.chapter).toBe('1');
    expect(sections[3].fields.text as string).toMatch(/^Call me Ishmael\./);
    const lines = await collect(moby_dick({ unit: 'line' }));
    expect(lines.length).toBeGreaterThan(2000);
    expect(lines.every((l) => (l.fields.text as string).trim().length > 0)).toBe(true);
    expect(lines.find((l) => l.fields.chapter === '1')?.fields.text).toMatch(/^Call me Ishmael\./);
  });

  it('every bundled dataset declares a schema its rows satisfy in count', async () => {
    for (const d of bundledDatasets.filter((b) => b.name !== 'mnist' && b.name !== 'spam_assassin')) {
      const rows = await collect(d.open());
      expect(rows.length, d.name).toBe(d.rows);
      for (const f of d.schema.fields) expect(rows[0].fields, `${d.name}.${f.name}`).toHaveProperty(f.name);
    }
  });
});

describe('csv', () => {
  it('streams examples/data/iris.csv with the header and 1-based line numbers', async () => {
    const rows = await collect(csv(irisCsv, { name: 'iris.csv' }));
    expect(rows).toHaveLength(150);
    expect(rows[0]).toEqual({
      fields: { sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2', species: 'setosa' },
      origin: { file: 'iris.csv', line: 2 },
    });
    expect(rows[149].origin.line).toBe(151);
  });

  it('gives a quoted multi-line record the line it starts on, and skips blank lines', async () => {
    const file = path.join(tempDir(), 'notes.csv');
    fs.writeFileSync(file, 'id;note\n1;"one\ntwo"\n\n2;plain\n3;"a;b"\n');
    const rows = await collect(csv(file, { delimiter: ';', name: 'notes.csv' }));
    expect(rows.map((r) => [r.origin.line, r.fields.id, r.fields.note])).toEqual([
      [2, '1', 'one\ntwo'],
      [5, '2', 'plain'],
      [6, '3', 'a;b'],
    ]);
    fs.writeFileSync(file, 'id;note\r\n1;"one\r\ntwo\r\nthree"\r\n\r\n2;plain\r\n');
    expect((await collect(csv(file, { delimiter: ';' }))).map((r) => r.origin.line)).toEqual([2, 6]);
  });

  it('names columns col1… without a header, or as given', async () => {
    const file = path.join(tempDir(), 'raw.csv');
    fs.writeFileSync(file, '1,2\n3,4\n');
    expect((await collect(csv(file, { header: false })))[1].fields).toEqual({ col1: '3', col2: '4' });
    expect((await collect(csv(file, { header: false, columns: ['x', 'y'] })))[0]).toMatchObject({
      fields: { x: '1', y: '2' },
      origin: { line: 1 },
    });
  });

  it('passes a row with the wrong number of columns on as a bad row', async () => {
    const file = path.join(tempDir(), 'short.csv');
    fs.writeFileSync(file, 'a,b,c\n1,2,3\n4,5\n');
    const rows = await collect(csv(file, { name: 'short.csv' }));
    expect(rows[1]).toEqual({ fields: {}, origin: { file: 'short.csv', line: 3 }, problem: 'expected 3 columns, found 2' });
  });

  it('ends with a DataError naming the file when it does not exist, or a quote is broken', async () => {
    const missing = await failure(csv(path.join(tempDir(), 'nope.csv'), { name: 'nope.csv' }));
    expect(missing).toBeInstanceOf(DataError);
    expect((missing as DataError).message).toBe('nope.csv: no such file or folder');
    const file = path.join(tempDir(), 'broken.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n3,"unclosed\n4,5\n');
    const broken = await failure(csv(file, { name: 'broken.csv' }));
    expect(broken).toBeInstanceOf(DataError);
    expect((broken as DataError).message).toBe('broken.csv:3: malformed CSV: a quoted field is never closed');
  });
});

describe('jsonl and text_lines', () => {
  it('jsonl parses each line, passing bad lines on with their line number', async () => {
    const file = path.join(tempDir(), 'rows.jsonl');
    fs.writeFileSync(file, '{"a": 1}\n\n{"a": 2, "b": [1, 2]}\n{oops}\n[1]\n');
    const rows = await collect(jsonl(file, { name: 'rows.jsonl' }));
    expect(rows.map((r) => [r.origin.line, r.fields, r.problem?.split(':')[0]])).toEqual([
      [1, { a: 1 }, undefined],
      [3, { a: 2, b: [1, 2] }, undefined],
      [4, {}, 'invalid JSON'],
      [5, {}, 'expected a JSON object, found an array'],
    ]);
  });

  it('text_lines yields lines with their numbers, skipping empty ones by default', async () => {
    const file = path.join(tempDir(), 'poem.txt');
    fs.writeFileSync(file, 'first\r\n\r\nthird\n');
    expect((await collect(text_lines(file))).map((r) => [r.origin.line, r.fields.text])).toEqual([
      [1, 'first'],
      [3, 'third'],
    ]);
    expect(await collect(text_lines(file, { keepEmpty: true }))).toHaveLength(3);
  });

  it('a missing file is a DataError, not a crash', async () => {
    const e = await failure(jsonl(path.join(tempDir(), 'none.jsonl'), { name: 'none.jsonl' }));
    expect((e as DataError).message).toBe('none.jsonl: no such file or folder');
  });
});

describe('image_folder', () => {
  it('reads PNG and JPEG files, one class per sub-folder', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'cats'));
    fs.mkdirSync(path.join(root, 'dogs'));
    const png = new pngjs.PNG({ width: 3, height: 2 });
    for (let i = 0; i < 6; i++) png.data.set([10 * i, 100, 200, 255], i * 4);
    fs.writeFileSync(path.join(root, 'cats', 'a.png'), pngjs.PNG.sync.write(png));
    const jpg = jpeg.encode({ width: 4, height: 4, data: Buffer.alloc(64, 128) }, 95);
    fs.writeFileSync(path.join(root, 'dogs', 'b.jpg'), jpg.data);
    fs.writeFileSync(path.join(root, 'dogs', 'notes.txt'), 'not an image');
    fs.writeFileSync(path.join(root, 'dogs', 'c.png'), 'not a png either');

    const rows = await collect(image_folder(root, { name: 'pets' }));
    expect(rows.map((r) => [r.origin.file, r.fields.class, r.fields.label, r.problem === undefined])).toEqual([
      [path.join('pets', 'cats', 'a.png'), 'cats', 0, true],
      [path.join('pets', 'dogs', 'b.jpg'), 'dogs', 1, true],
      [path.join('pets', 'dogs', 'c.png'), undefined, undefined, false],
    ]);
    const cat = rows[0].fields.pixels as { height: number; width: number; channels: number; data: Float32Array };
    expect([cat.height, cat.width, cat.channels]).toEqual([2, 3, 3]);
    expect(Array.from(cat.data.slice(3, 6))).toEqual([10, 100, 200]);
    const dog = rows[1].fields.pixels as { data: Float32Array };
    expect(Math.abs(dog.data[0] - 128)).toBeLessThan(4);
    const grey = (await collect(image_folder(root, { channels: 1 })))[0].fields.pixels as { channels: number; data: Float32Array };
    expect(grey.channels).toBe(1);
    expect(grey.data[0]).toBeCloseTo(0.587 * 100 + 0.114 * 200, 3);
  });
});
