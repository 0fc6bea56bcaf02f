import { describe, expect, it } from 'vitest';
import { compileFilter, valueTable } from '../../../src/runtime/data/expression.js';
import { headerStats } from '../../../src/runtime/data/header-stats.js';
import { resizeBilinear } from '../../../src/runtime/data/resize.js';
import { runtimeTransform } from '../../../src/runtime/data/transforms.js';
import { spam_assassin } from '../../../src/data/sources/spam_assassin.js';
import { isDataError } from '../../../src/data/errors.js';
import { isRunError } from '../../../src/runtime/errors.js';

function plain(op: string, args: Record<string, unknown>, shape: number[] = []) {
  const t = runtimeTransform({ op, args: args as never }, shape);
  if (t.kind !== 'plain') throw new Error(`${op} is fitted`);
  return t.apply;
}

describe('filter conditions', () => {
  const row = { stars: 4, text: 'Great value', verified: true, note: null };

  it('evaluate comparisons, arithmetic, logic and the pure functions over a row', () => {
    expect(compileFilter('stars >= 3 && verified')(row)).toBe(true);
    expect(compileFilter('stars * 2 - 1 == 7')(row)).toBe(true);
    expect(compileFilter('!(stars > 4) || text == "x"')(row)).toBe(true);
    expect(compileFilter('len(text) > 20')(row)).toBe(false);
    expect(compileFilter('contains(lower(text), "great") && is_null(note)')(row)).toBe(true);
  });

  it('reject what is not an expression over fields before any row is read, without evaluating it', () => {
    const bad = ['process.exit(1)', 'require("fs")', 'stars >', 'stras > 3', 'stars > 3 steps'];
    for (const text of bad) {
      let error: unknown;
      try {
        compileFilter(text, Object.keys(row));
      } catch (e) {
        error = e;
      }
      expect(isRunError(error), text).toBe(true);
    }
    expect(() => compileFilter('stras > 3', Object.keys(row))).toThrow(/`stras` is not a field/);
  });

  it('report a value they cannot compare as a bad row, and a non-boolean condition', () => {
    const catchError = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
    };
    const e = catchError(() => compileFilter('text > 3')(row));
    expect(isDataError(e)).toBe(true);
    expect((e as Error).message).toMatch(/`>` compares two numbers or two texts, found the text "Great value" and the number 3/);
    expect(catchError(() => compileFilter('stars + 1')(row))).toHaveProperty('message', expect.stringMatching(/not true or false/));
  });
});

describe('map', () => {
  it('replaces values from a map literal, and a value outside the table is an error', () => {
    const f = plain('map', { fn: '{ "ham": 0, "spam": 1, other: -1 }' });
    expect([f('ham'), f('spam'), f('other')]).toEqual([0, 1, -1]);
    expect(() => f('eggs')).toThrow(/no value for "eggs"/);
    expect(valueTable({ yes: true }).get('yes')).toBe(true);
    expect(() => valueTable('[1, 2]')).toThrow(/expected a map literal/);
  });
});

describe('header_stats', () => {
  it('reads recipients, hour, HTML, links and subject length from a raw e-mail', () => {
    const email = [
      'From: a@example.com',
      'To: b@example.com, "C" <c@example.com>',
      'Cc: d@example.com',
      'Date: Tue, 20 Aug 2002 17:45:12 +0100',
      'Subject: Cheap',
      '  pills',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body>See http://x.example and www.y.example, or https://z.example</body></html>',
    ].join('\n');
    expect(Array.from(headerStats(email))).toEqual([3, 17, 1, 3, 'Cheap pills'.length]);
    expect(Array.from(headerStats('Subject: hi\n\nplain text'))).toEqual([0, -1, 0, 0, 2]);
  });

  it('gives five finite numbers for every real SpamAssassin e-mail', async () => {
    let n = 0;
    let html = 0;
    for await (const row of spam_assassin()) {
      const v = headerStats(String(row.fields.text));
      expect(v).toHaveLength(5);
      expect(v.every((x) => Number.isFinite(x))).toBe(true);
      html += v[2];
      if (++n === 600) break;
    }
    expect(html).toBeGreaterThan(0);
    expect(html).toBeLessThan(n);
  });
});

describe('resize', () => {
  it('resamples bilinearly with aligned pixel centres, keeping channels', () => {
    const src = Float32Array.of(0, 10, 20, 30); // 2×2×1
    const up = resizeBilinear(src, { height: 2, width: 2, channels: 1 }, 4, 4);
    expect(Array.from(up.slice(0, 4))).toEqual([0, 2.5, 7.5, 10]);
    expect(Array.from(up.slice(12))).toEqual([20, 22.5, 27.5, 30]);
    const same = resizeBilinear(src, { height: 2, width: 2, channels: 1 }, 2, 2);
    expect(Array.from(same)).toEqual(Array.from(src));
    const rgb = Float32Array.from({ length: 4 * 4 * 3 }, (_, i) => (i % 3 === 1 ? 5 : 0));
    const down = resizeBilinear(rgb, { height: 4, width: 4, channels: 3 }, 2, 2);
    expect(Array.from(down)).toEqual([0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 5, 0]);
  });

  it('as a transform, checks the size of what it receives', () => {
    const f = plain('resize', { height: 3, width: 3 }, [2, 2, 1]);
    expect(f(Float32Array.of(1, 1, 1, 1))).toHaveLength(9);
    expect(() => f(Float32Array.of(1, 1, 1))).toThrow(/expects an image of 2×2×1 values, found 3/);
  });
});
