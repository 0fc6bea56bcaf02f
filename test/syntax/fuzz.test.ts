// Seeded fuzzing of the whole front end: random mutations of every example
// (deleted, duplicated and inserted tokens, truncation, random bytes,
// unbalanced brackets, very long lines, deep nesting). Nothing may throw, and
// every diagnostic's span must lie inside its file.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Program, diskHost, type ProgramHost } from '../../src/analysis/program.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import { checkFile } from '../../src/check/check.js';
import { mutate, rng } from '../helpers/mutate.js';
import { repoRoot } from '../helpers/cli.js';

const examplesDir = path.join(repoRoot, 'examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.kiln'))
  .map((f) => ({ name: f, text: readFileSync(path.join(examplesDir, f), 'utf8') }));

/** Analyses one mutated file through the whole front end, in memory. */
function analyse(name: string, text: string) {
  const file = path.join(examplesDir, `fuzz-${name}`);
  const host: ProgramHost = {
    read: (f) => (f === file ? { text } : diskHost.read(f)),
  };
  const program = new Program([file], { root: repoRoot, host, builtins: catalogBuiltins(), checker: checkFile });
  return { program, file };
}

const CASES_PER_EXAMPLE = 400;

describe('fuzz', () => {
  for (const example of examples) {
    it(`mutations of ${example.name} never throw and keep spans inside the file`, () => {
      const r = rng(0x6b696c6e ^ example.name.length);
      for (let i = 0; i < CASES_PER_EXAMPLE; i++) {
        const { text, applied } = mutate(example.text, r);
        let result;
        try {
          result = analyse(example.name, text);
        } catch (e) {
          throw new Error(`case ${i} (${applied.join(', ')}) threw: ${(e as Error).stack}`);
        }
        for (const d of result.program.allDiagnostics()) {
          const length = d.span.file === result.file ? text.length : Infinity;
          expect(d.span.start, `case ${i} (${applied.join(', ')}): ${d.code}`).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }
    });
  }
});
