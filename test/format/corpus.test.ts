// The formatting invariants beyond the examples and fixtures: on every
// baseline case that parses, and on every seeded fuzz mutation of the
// examples that still parses, formatting is stable, keeps the AST and keeps
// every comment, in order.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { baselineCases } from '../../scripts/baselines.js';
import { formatKiln } from '../../src/format/format.js';
import { mutate, rng } from '../helpers/mutate.js';
import { commentTexts, exampleFiles, parseText, repoRoot, shapeOf } from './helpers.js';

async function expectInvariants(text: string, where: string): Promise<void> {
  const once = await formatKiln(text);
  expect(await formatKiln(once), where).toBe(once);
  expect(shapeOf(once), where).toEqual(shapeOf(text));
  expect(commentTexts(once), where).toEqual(commentTexts(text));
}

describe('formatting invariants on every input that parses', () => {
  it('every baseline case that parses', async () => {
    let checked = 0;
    for (const file of baselineCases()) {
      const text = readFileSync(file, 'utf8');
      if (parseText(text).diagnostics.length > 0) continue;
      await expectInvariants(text, path.relative(repoRoot, file));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('every fuzz mutation of the examples that still parses', async () => {
    const r = rng(0x666d74);
    let checked = 0;
    for (const [name, original] of exampleFiles()) {
      for (let i = 0; i < 150; i++) {
        const { text, applied } = mutate(original, r);
        if (text.length > 20_000 || parseText(text).diagnostics.length > 0) continue;
        await expectInvariants(text, `${name}, case ${i} (${applied.join(', ')})`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
