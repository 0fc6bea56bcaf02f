// The arguments schema derived from the catalog accepts what bindArguments
// resolves and rejects values outside a parameter's type or range.

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { activationNames, argumentsSchema, catalog, findEntry, findLayer, hoverMarkdown } from '../../src/catalog/index.js';
import { bound } from './helpers.js';

const ajv = new Ajv({ strict: false });

describe('argumentsSchema', () => {
  it('compiles for every entry', () => {
    for (const e of catalog) expect(() => ajv.compile(argumentsSchema(e, activationNames))).not.toThrow();
  });

  it('accepts resolved arguments and rejects bad ones', () => {
    const conv2d = findLayer('conv2d')!;
    const validate = ajv.compile(argumentsSchema(conv2d, activationNames));
    expect(validate(bound(conv2d, [16, 3], { activation: 'relu' }))).toBe(true);
    expect(validate({ filters: 16, kernel: [3, 3], padding: 'full' })).toBe(false);
    expect(validate({ kernel: [3, 3] })).toBe(false);
    const warmup = findEntry('warmup', 'schedule')!;
    expect(ajv.compile(argumentsSchema(warmup, activationNames))(bound(warmup, [{ steps: 200 }]))).toBe(true);
    const dropout = findLayer('dropout')!;
    expect(ajv.compile(argumentsSchema(dropout, activationNames))({ rate: 1 })).toBe(false);
  });
});

describe('hoverMarkdown', () => {
  it('shows the signature, doc and parameters', () => {
    const md = hoverMarkdown(findLayer('dropout')!);
    expect(md).toContain('dropout(rate: float)');
    expect(md).toContain('- `rate` (in [0, 1)): Fraction of inputs to drop.');
  });
});
