// Each fixture input formats to exactly its output: the expected layout of
// every construct and every comment position, reviewed as a diff.

import { describe, expect, it } from 'vitest';
import { formatKiln } from '../../src/format/format.js';
import { fixturePairs } from './helpers.js';

describe('formatter fixtures', () => {
  const pairs = fixturePairs();

  it('has fixtures, each with an expected output', () => {
    expect(pairs.length).toBeGreaterThan(10);
    expect(pairs.filter((p) => p.output === undefined).map((p) => p.name)).toEqual([]);
  });

  for (const pair of pairs) {
    it(`formats ${pair.name}`, async () => {
      expect(await formatKiln(pair.input)).toBe(pair.output);
    });
  }
});
