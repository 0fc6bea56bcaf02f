// Every bad-input case renders exactly as its checked-in baseline, and every
// diagnostic code in the catalog is exercised by at least one case.

import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { baselineCases, readBaseline, renderBaseline, root } from '../../scripts/baselines.js';
import { diagnosticCatalog } from '../../src/diagnostics/catalog.js';

const cases = baselineCases();

describe('baselines', () => {
  for (const file of cases) {
    it(path.relative(root, file), () => {
      const expected = readBaseline(file);
      expect(expected, `no baseline for ${file}: run \`npm run baselines\``).toBeDefined();
      expect(renderBaseline(file)).toBe(expected);
    });
  }

  it('covers every diagnostic code in the catalog', () => {
    const seen = new Set<string>();
    for (const file of cases) for (const m of (readBaseline(file) ?? '').matchAll(/^(?:error|warning|note)\[(K\d{4})\]/gm)) seen.add(m[1]);
    const missing = diagnosticCatalog.map((e) => e.code).filter((c) => !seen.has(c));
    expect(missing, `codes without a baseline case: ${missing.join(', ')}`).toEqual([]);
  });
});
