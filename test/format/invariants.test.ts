// What formatting must never do, checked on every example and every fixture:
// change its mind on a second run, change the meaning (the AST without
// locations), or lose, change or reorder a comment. The last test puts a
// comment into every gap between tokens of real files.

import { describe, expect, it } from 'vitest';
import { formatKiln } from '../../src/format/format.js';
import { commentTexts, exampleFiles, fixturePairs, parseText, shapeOf } from './helpers.js';

const files: [string, string][] = [
  ...exampleFiles(),
  ...fixturePairs().flatMap((p): [string, string][] => [
    [`fixtures/${p.name}.input.kiln`, p.input],
    ...(p.output === undefined ? [] : [[`fixtures/${p.name}.output.kiln`, p.output] as [string, string]]),
  ]),
];

describe('formatting invariants', () => {
  it('covers the examples', () => {
    expect(files.some(([name]) => name.startsWith('examples/'))).toBe(true);
  });

  for (const [name, text] of files) {
    it(`keeps ${name} stable, same AST, same comments`, async () => {
      expect(parseText(text).diagnostics).toEqual([]);
      const once = await formatKiln(text);
      expect(await formatKiln(once)).toBe(once);
      expect(shapeOf(once)).toEqual(shapeOf(text));
      expect(commentTexts(once)).toEqual(commentTexts(text));
    });
  }

  // Each kind of comment at each gap: after a space, ending the line, on a line of its own, block ending a line.
  const gapComments = (i: number) => [`/* c${i} */ `, `// c${i}\n`, `\n// c${i}\n`, `/* c${i} */\n`];

  for (const name of ['examples/digits.kiln', 'fixtures/models.input.kiln', 'fixtures/comments-params.input.kiln', 'fixtures/comments-expressions.input.kiln']) {
    it(`survives a comment in every gap between tokens of ${name}`, async () => {
      const text = files.find(([n]) => n === name)![1];
      const { tokens } = parseText(text);
      const original = shapeOf(text);
      for (let i = 1; i < tokens.length; i++) {
        const at = tokens[i].startOffset;
        for (const comment of gapComments(i)) {
          const withComment = text.slice(0, at) + comment + text.slice(at);
          // A line break between a number and its unit makes them two things: not a formatter case.
          if (JSON.stringify(shapeOf(withComment)) !== JSON.stringify(original)) continue;
          const where = `${JSON.stringify(comment)} before token ${i} (${tokens[i].image})`;
          const once = await formatKiln(withComment);
          expect(commentTexts(once), where).toEqual(commentTexts(withComment));
          expect(shapeOf(once), where).toEqual(original);
          expect(await formatKiln(once), where).toBe(once);
        }
      }
    });
  }
});
