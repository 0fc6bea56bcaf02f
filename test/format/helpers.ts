// Shared by the formatter tests: the fixture and example files, and the
// comparisons behind the invariants (same AST once locations are dropped, same
// comments in the same order).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceFile } from '../../src/analysis/source.js';
import { parseSource } from '../../src/syntax/parse.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixturesDir = path.join(import.meta.dirname, 'fixtures');
export const examplesDir = path.join(repoRoot, 'examples');

export interface FixturePair {
  name: string;
  input: string;
  output: string | undefined;
}

/** Every `NAME.input.kiln` in the fixtures folder, with its `NAME.output.kiln` when present. */
export function fixturePairs(): FixturePair[] {
  return fs
    .readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.input.kiln'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.input.kiln'.length);
      const outputPath = path.join(fixturesDir, `${name}.output.kiln`);
      return {
        name,
        input: fs.readFileSync(path.join(fixturesDir, f), 'utf8'),
        output: fs.existsSync(outputPath) ? fs.readFileSync(outputPath, 'utf8') : undefined,
      };
    });
}

/** Every `.kiln` file under examples/, as [relative path, text]. */
export function exampleFiles(): [string, string][] {
  return fs
    .readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.kiln'))
    .sort()
    .map((f) => [`examples/${f}`, fs.readFileSync(path.join(examplesDir, f), 'utf8')]);
}

const locationKeys = new Set(['span', 'keySpan', 'argsSpan', 'unitSpan', 'comments']);

/** A copy of an AST without anything that depends on where it is written. */
export function stripLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocations);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!locationKeys.has(key)) out[key] = stripLocations(v);
  return out;
}

export function parseText(text: string) {
  return parseSource(new SourceFile('fixture.kiln', text));
}

/** The AST of a text, without locations; fails the caller's expectation on syntax errors by returning them. */
export function shapeOf(text: string): unknown {
  const result = parseText(text);
  return { diagnostics: result.diagnostics.map((d) => d.message), ast: stripLocations(result.ast) };
}

/** The comments of a text in order; trailing blanks at line ends are not part of a comment's meaning. */
export function commentTexts(text: string): string[] {
  return parseText(text).ast.comments.map((c) => c.text.replace(/[ \t]+$/gm, ''));
}
