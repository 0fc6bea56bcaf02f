// The generated reference page covers every catalog entry and parameter.

import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { renderReference } from '../../src/catalog/reference.js';

describe('renderReference', () => {
  const page = renderReference();

  it('has a section per kind and a heading per entry', () => {
    for (const title of ['## Layers', '## Merges', '## Data transforms', '## Augmentations', '## Optimizers', '## Learning-rate schedules', '## Losses', '## Metrics']) {
      expect(page).toContain(`\n${title}\n`);
    }
    for (const e of catalog) expect(page).toContain(`### \`${e.name}\``);
  });

  it('lists every parameter with its type, default and range', () => {
    expect(page).toContain('| `rate` | `float` | required | in [0, 1) | Fraction of inputs to drop. |');
    expect(page).toContain('| `padding` | `valid \\| same` | `valid` |');
    for (const e of catalog) for (const p of e.params) expect(page).toContain(`| \`${p.name}\` |`);
  });

  it('is deterministic', () => {
    expect(renderReference()).toBe(page);
  });
});
