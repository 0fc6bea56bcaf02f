import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csv, jsonl, mnist } from '../../src/data/sources/index.js';
import {
  coerceText,
  checkTyped,
  parseFieldType,
  parseSchema,
  schemaFromFields,
  validateRows,
  formatFieldType,
} from '../../src/data/schema.js';
import { DataError } from '../../src/data/errors.js';
import { DataStats } from '../../src/data/stats.js';
import { collect, failure, irisBadCsv, tempDir } from './helpers.js';

const irisSchema = parseSchema({
  sepal_length: 'float',
  sepal_width: 'float',
  petal_length: 'float',
  petal_width: 'float',
  species: 'string',
});

describe('field types', () => {
  it('parses and prints every type', () => {
    for (const text of ['string', 'int', 'float', 'bool', 'image[28, 28, 1]', 'optional int', 'optional image[2, 3, 4]']) {
      const parsed = parseFieldType(text);
      expect(parsed.ok && formatFieldType(parsed.type)).toBe(text);
    }
    expect(parseFieldType('integer')).toEqual({ ok: false, error: expect.stringContaining('unknown field type "integer"') });
    expect(parseFieldType('image[0, 2, 3]').ok).toBe(false);
  });

  it('builds a schema from declared fields, marking optional ones', () => {
    const built = schemaFromFields([
      { name: 'stars', type: 'int', optional: true },
      { name: 'img', type: 'image[2, 2, 3]', optional: false },
    ]);
    expect(built.ok && built.schema.fields.map((f) => formatFieldType(f.type))).toEqual(['optional int', 'image[2, 2, 3]']);
    expect(schemaFromFields([{ name: 'x', type: 'decimal' }])).toEqual({
      ok: false,
      error: expect.stringMatching(/^field "x": unknown field type "decimal"/),
    });
  });

  it('coerces CSV text to the declared type', () => {
    const int = { kind: 'int' } as const;
    expect(coerceText(int, ' 3 ')).toEqual({ ok: true, value: 3 });
    expect(coerceText(int, 'five')).toEqual({ ok: false, found: '"five"' });
    expect(coerceText(int, '3.5').ok).toBe(false);
    expect(coerceText({ kind: 'float' }, '-1.5e3')).toEqual({ ok: true, value: -1500 });
    expect(coerceText({ kind: 'float' }, 'NaN').ok).toBe(false);
    expect(coerceText({ kind: 'bool' }, 'Yes')).toEqual({ ok: true, value: true });
    expect(coerceText({ kind: 'bool' }, '0')).toEqual({ ok: true, value: false });
    expect(coerceText({ kind: 'optional', inner: int }, 'NA')).toEqual({ ok: true, value: null });
    expect(coerceText({ kind: 'optional', inner: int }, '')).toEqual({ ok: true, value: null });
    expect(coerceText(int, '')).toEqual({ ok: false, found: 'an empty value' });
    const image = coerceText({ kind: 'image', height: 1, width: 2, channels: 2 }, '1 2 3 4');
    expect(image.ok && Array.from(image.value as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  it('checks typed values, flattening nested images', () => {
    const image = { kind: 'image', height: 2, width: 2, channels: 1 } as const;
    const nested = checkTyped(image, [
      [1, 2],
      [3, 4],
    ]);
    expect(nested.ok && Array.from(nested.value as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(checkTyped(image, [1, 2, 3])).toEqual({ ok: false, found: 'an array of 3' });
    expect(checkTyped({ kind: 'int' }, 2.5)).toEqual({ ok: false, found: '2.5' });
    expect(checkTyped({ kind: 'string' }, 7)).toEqual({ ok: false, found: '7' });
  });
});

describe('validation of rows', () => {
  it('stops at the first bad row with file, line, field and what was found', async () => {
    const error = await failure(validateRows(csv(irisBadCsv, { name: 'iris-bad-rows.csv' }), irisSchema));
    expect(error).toBeInstanceOf(DataError);
    const e = error as DataError;
    expect(e.message).toBe('iris-bad-rows.csv:5: field "petal_width": expected float, found "five"');
    expect([e.kind, e.file, e.line, e.field]).toEqual(['row', 'iris-bad-rows.csv', 5, 'petal_width']);
  });

  it('reports the header-style error from the brief for an int column', async () => {
    const file = path.join(tempDir(), 'reviews.csv');
    fs.writeFileSync(file, 'text,stars\n' + Array.from({ length: 1040 }, (_, i) => `ok ${i},${(i % 5) + 1}`).join('\n') + '\n"meh",five\n');
    const e = (await failure(validateRows(csv(file, { name: 'reviews.csv' }), parseSchema({ text: 'string', stars: 'int' })))) as DataError;
    expect(e.message).toBe('reviews.csv:1042: field "stars": expected int, found "five"');
  });

  it('skips and counts bad rows per reason under the skip policy', async () => {
    const stats = new DataStats();
    const rows = await collect(validateRows(csv(irisBadCsv, { name: 'bad.csv' }), irisSchema, { policy: 'skip', stats }));
    expect(rows).toHaveLength(16);
    expect(rows[0].fields).toEqual({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, species: 'setosa' });
    expect(stats.read).toBe(20);
    expect(stats.skippedCount).toBe(4);
    expect(Object.fromEntries([...stats.skipped].map(([k, v]) => [k, [v.count, v.first.line]]))).toEqual({
      'field "petal_width": expected float': [1, 5],
      'expected 5 columns': [2, 10],
      'field "sepal_width": expected float': [1, 14],
    });
    expect(stats.summary()[0]).toBe('skipped 1 row: field "petal_width": expected float (first at bad.csv:5)');
  });

  it('keeps only declared fields and reports a missing column', async () => {
    const rows = await collect(validateRows(csv(irisBadCsv), parseSchema({ species: 'string' }), { policy: 'skip' }));
    expect(rows[0].fields).toEqual({ species: 'setosa' });
    const e = (await failure(validateRows(csv(irisBadCsv, { name: 'x.csv' }), parseSchema({ color: 'string' })))) as DataError;
    expect(e.message).toBe('x.csv:2: field "color" is missing');
  });

  it('validates JSON rows with ajv, optional fields and images', async () => {
    const file = path.join(tempDir(), 'rows.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"id": 1, "score": 0.5, "img": [0, 1, 2, 3]}',
        '{"id": 2, "score": null, "img": [[0, 1], [2, 3]]}',
        '{"id": "3", "img": [0, 1, 2, 3]}',
        '{"id": 4, "img": [1]}',
      ].join('\n'),
    );
    const schema = parseSchema({ id: 'int', score: 'optional float', img: 'image[2, 2, 1]' });
    const stats = new DataStats();
    const rows = await collect(validateRows(jsonl(file, { name: 'rows.jsonl' }), schema, { policy: 'skip', stats }));
    expect(rows.map((r) => [r.fields.id, r.fields.score, Array.from(r.fields.img as Float32Array)])).toEqual([
      [1, 0.5, [0, 1, 2, 3]],
      [2, null, [0, 1, 2, 3]],
    ]);
    expect([...stats.skipped.keys()]).toEqual(['field "id": expected int', 'field "img": expected image[2, 2, 1]']);
    const e = (await failure(validateRows(jsonl(file, { name: 'rows.jsonl' }), schema))) as DataError;
    expect(e.message).toBe('rows.jsonl:3: field "id": expected int, found "3"');
  });

  it("uses a bundled dataset's own schema when none is declared, and checks a declared image shape", async () => {
    let n = 0;
    for await (const row of validateRows(mnist(), undefined)) {
      expect((row.fields.pixels as Float32Array).length).toBe(784);
      if (++n === 50) break;
    }
    const e = (await failure(validateRows(mnist(), parseSchema({ pixels: 'image[32, 32, 1]', digit: 'int' })))) as DataError;
    expect(e.message).toBe('mnist:1: field "pixels": expected image[32, 32, 1], found 784 numbers');
  });
});
