// The generated grammar files are checked in; this fails when one of them no
// longer matches what the generator makes from grammar/ now, so a change to
// the tokens or the parser cannot ship with a stale editor grammar.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateGrammarFiles } from '../../scripts/generate-grammar.js';

const files = generateGrammarFiles();

describe('generated grammar files', () => {
  test('the generator makes the TextMate grammar and the diagrams', () => {
    expect(files.map((f) => f.path).sort()).toEqual(['grammar/diagrams.html', 'grammar/kiln.tmLanguage.json']);
  });

  test('the output is deterministic', () => {
    expect(generateGrammarFiles()).toEqual(files);
  });

  test.each(files.map((f) => [f.path, f.content] as const))('%s is up to date', (path, content) => {
    const stale = `${path} is stale: run \`npm run generate\``;
    expect(existsSync(path), `${path} is missing: run \`npm run generate\``).toBe(true);
    const checkedIn = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
    // Compared as booleans so the failure shows the instruction, not a 90 KB diff.
    expect(checkedIn === content, stale).toBe(true);
  });
});
