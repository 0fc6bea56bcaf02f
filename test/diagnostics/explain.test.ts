// `kiln explain`: Markdown explanations laid out for a terminal.

import { describe, expect, it } from 'vitest';
import type { CodeEntry } from '../../src/diagnostics/catalog.js';
import { diagnosticCatalog } from '../../src/diagnostics/catalog.js';
import { renderExplanation } from '../../src/diagnostics/render/explain.js';
import { firstParagraph } from '../../src/diagnostics/render/markdown.js';

const entry: CodeEntry = {
  code: 'K1203',
  severity: 'error',
  title: 'unknown-layer',
  message: 'unknown layer `{name}`',
  explanation: [
    'A pipeline names a layer that is not in the catalog. Names are matched exactly, so **case matters** and `Dense` is not `dense`.',
    '',
    '## Example',
    '',
    '    model m(x: f32[4]) -> f32[2] {',
    '    \tx |> dens(2)',
    '    }',
    '',
    'Common causes:',
    '- a typo, such as `dens` for `dense`;',
    '- a block defined in a file that is not imported,',
    '  which the checker cannot see.',
    '',
    '```kiln',
    'import "blocks.kiln"',
    '```',
  ].join('\n'),
};

describe('explain', () => {
  it('shows the heading, the severity and the explanation with wrapped prose and indented code', () => {
    expect(renderExplanation(entry, { width: 60 })).toBe(
      [
        'K1203: unknown-layer',
        'severity: error',
        '',
        'A pipeline names a layer that is not in the catalog. Names',
        'are matched exactly, so case matters and `Dense` is not',
        '`dense`.',
        '',
        'Example',
        '',
        '    model m(x: f32[4]) -> f32[2] {',
        '        x |> dens(2)',
        '    }',
        '',
        'Common causes:',
        '',
        '  - a typo, such as `dens` for `dense`;',
        '  - a block defined in a file that is not imported, which',
        '    the checker cannot see.',
        '',
        '    import "blocks.kiln"',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, with the same text underneath', () => {
    const plain = renderExplanation(entry);
    const coloured = renderExplanation(entry, { color: true });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(coloured).toMatch(/\x1b\[/);
    // Colour replaces the backticks of inline code; the words stay the same.
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain.replace(/`/g, ''));
  });

  it('renders every catalog entry, each with a first paragraph for SARIF', () => {
    for (const e of diagnosticCatalog) {
      const out = renderExplanation(e);
      expect(out.startsWith(`${e.code}: ${e.title}\nseverity: ${e.severity}\n`)).toBe(true);
      expect(firstParagraph(e.explanation), e.code).not.toBe('');
    }
  });
});
