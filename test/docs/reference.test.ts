// docs/reference.md is generated from the catalog; it must be current.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { renderReference } from '../../src/catalog/reference.js';
import { repoRoot } from '../helpers/cli.js';

it('docs/reference.md is current', () => {
  const onDisk = readFileSync(path.join(repoRoot, 'docs', 'reference.md'), 'utf8');
  expect(onDisk === renderReference(), 'docs/reference.md is stale: run `npm run generate`').toBe(true);
});
