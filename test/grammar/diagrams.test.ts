// The syntax diagrams page works offline and shows every rule of the parser.

import { describe, expect, test } from 'vitest';
import { KilnParser } from '../../grammar/parser.js';
import { diagramsPath, generateGrammarFiles } from '../../scripts/generate-grammar.js';

const page = generateGrammarFiles().find((f) => f.path === diagramsPath)?.content ?? '';

describe('grammar/diagrams.html', () => {
  test('loads nothing from the network', () => {
    expect(page).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(page).not.toMatch(/<link[^>]*\bhref=/i);
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*['"]?https?:/i);
  });

  test('inlines the diagram renderer and its stylesheet', () => {
    // The globals the page's start-up script calls must be defined on the page itself.
    expect(page).toContain('root.main = factory(root.diagrams_builder, root.diagrams_behavior)');
    expect(page).toContain('main.drawDiagramsFromSerializedGrammar(serializedGrammar, diagramsDiv)');
    expect(page).toMatch(/<style>[\s\S]*svg\.railroad-diagram/);
  });

  test('draws every rule of the parser', () => {
    const embedded = /window\.serializedGrammar = ([\s\S]*?);\n<\/script>/.exec(page);
    expect(embedded).not.toBeNull();
    const rules = JSON.parse(embedded?.[1] ?? '[]') as { name: string }[];
    const parserRules = new KilnParser().getSerializedGastProductions().map((r) => (r as { name?: string }).name);
    expect(rules.map((r) => r.name)).toEqual(parserRules);
    expect(rules.map((r) => r.name)).toContain('modelDecl');
  });
});
