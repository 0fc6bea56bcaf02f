// `kiln check` and the language server read only the catalog's rules, so the
// check path must not load TensorFlow.js (slow to import). This analyses the
// examples in a fresh Node process from the built dist/ and lists every
// tf.js file loaded. tf.js packages are CommonJS, so even an ESM `import`
// of them lands in the CommonJS module cache, which is what is read here.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const script = `
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
const root = process.cwd();
const tfFiles = () => Object.keys(createRequire(path.join(root, 'package.json')).cache).filter((f) => f.includes(path.join('node_modules', '@tensorflow')));
const { analyze } = await import(pathToFileURL(path.join(root, 'dist/src/analysis/analyze.js')).href);
const examples = path.join(root, 'examples');
const specs = readdirSync(examples).filter((f) => f.endsWith('.kiln'));
const result = analyze(specs, { cwd: examples });
const afterCheck = tfFiles();
// The probe itself: an ESM import of tf.js must show up the same way.
await import('@tensorflow/tfjs-layers');
process.stdout.write(JSON.stringify({ specs: specs.length, analysed: result.files.size, afterCheck, afterImport: tfFiles().length }));
`;

describe('the check path', () => {
  it('analyses the examples without loading tf.js', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { specs: number; analysed: number; afterCheck: string[]; afterImport: number };
    expect(out.specs).toBeGreaterThan(0);
    expect(out.analysed).toBeGreaterThanOrEqual(out.specs);
    expect(out.afterCheck).toEqual([]);
    expect(out.afterImport).toBeGreaterThan(0);
  });
});
