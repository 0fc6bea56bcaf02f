// The generated TextMate grammar, as an editor sees it: every regex means the
// same to Oniguruma and JavaScript, the scope tests in grammar/tests pass,
// every keyword and unit gets its scope, and on real files the grammar
// agrees with the Chevrotain lexer about what is a comment, a string, a
// number, a keyword and an operator.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lex } from '../../grammar/lexer.js';
import * as T from '../../grammar/tokens.js';
import { generateGrammarFiles, tmLanguagePath } from '../../scripts/generate-grammar.js';
import { parseSyntaxTest, runSyntaxTest } from './syntax-test-file.js';
import { portabilityProblems, TextMateGrammar, type RawGrammar, type RawRule, type TextMateToken } from './textmate-engine.js';

const generated = generateGrammarFiles().find((f) => f.path === tmLanguagePath);
if (!generated) throw new Error(`the generator does not produce ${tmLanguagePath}`);
const raw = JSON.parse(generated.content) as RawGrammar & { fileTypes: string[] };
const grammar = new TextMateGrammar(raw);

const testsDir = 'grammar/tests';
const syntaxTests = readdirSync(testsDir).filter((f) => f.endsWith('.test.kiln')).sort();

/** Every regex in the grammar, with where it is. */
function allRegexes(): { where: string; source: string }[] {
  const found: { where: string; source: string }[] = [];
  const visit = (rule: RawRule, where: string) => {
    for (const key of ['match', 'begin', 'end', 'while'] as const) {
      const source = rule[key];
      if (source !== undefined) found.push({ where: `${where}.${key}`, source });
    }
    (rule.patterns ?? []).forEach((child, i) => visit(child, `${where}.patterns[${i}]`));
  };
  raw.patterns.forEach((rule, i) => visit(rule, `patterns[${i}]`));
  for (const [key, rule] of Object.entries(raw.repository ?? {})) visit(rule, `repository.${key}`);
  return found;
}

/** The scopes of the token that covers `column` of `line`, tokenized on its own. */
function scopesAt(line: string, column: number): string[] {
  const { tokens } = grammar.tokenizeLine(line);
  return tokens.find((t) => t.startIndex <= column && column < t.endIndex)?.scopes ?? [];
}

describe('the TextMate grammar file', () => {
  test('declares the Kiln language', () => {
    expect(raw.scopeName).toBe('source.kiln');
    expect(raw.fileTypes).toEqual(['kiln']);
  });

  test('uses only regexes that mean the same in Oniguruma and JavaScript', () => {
    const regexes = allRegexes();
    expect(regexes.length).toBeGreaterThan(20);
    const problems = regexes.flatMap(({ where, source }) => portabilityProblems(source).map((p) => `${where} ${JSON.stringify(source)}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('uses only rule features the test engine models, and every include resolves', () => {
    expect(() => grammar.checkAllRules()).not.toThrow();
  });
});

describe('scope tests in grammar/tests', () => {
  test('there are scope test files', () => {
    expect(syntaxTests.length).toBeGreaterThan(0);
  });

  test.each(syntaxTests)('%s', (file) => {
    const testCase = parseSyntaxTest(readFileSync(join(testsDir, file), 'utf8'));
    expect(testCase.assertions.size).toBeGreaterThan(0);
    expect(runSyntaxTest(grammar, testCase, `${testsDir}/${file}`)).toEqual([]);
  });
});

describe('keywords and units come from grammar/tokens.ts', () => {
  const roleScope: Record<T.KeywordRole, string> = {
    declaration: 'keyword.declaration.kiln',
    statement: 'keyword.control.kiln',
    section: 'keyword.other.section.kiln',
    connective: 'keyword.operator.word.kiln',
    constant: 'constant.language.kiln',
  };

  test.each(T.keywordInfo.map((k) => [k.word, k.role] as const))('`%s` is scoped as a %s keyword', (word, role) => {
    const line = `x ${word} y`;
    expect(scopesAt(line, 2)).toContain(roleScope[role]);
    // …but as a map key or named argument it is a name, as the parser reads it.
    expect(scopesAt(`split { ${word}: 1 }`, 8)).toEqual(['source.kiln', 'variable.parameter.kiln']);
    // …and after a dot it is a member.
    expect(scopesAt(`a.${word}`, 2)).toEqual(['source.kiln', 'variable.other.member.kiln']);
  });

  test.each(Object.keys(T.durationUnits))('`%s` after a number is a duration unit', (unit) => {
    const line = `warmup(12 ${unit})`;
    expect(scopesAt(line, 7)).toContain('constant.numeric.kiln');
    expect(scopesAt(line, 10)).toContain('keyword.other.unit.duration.kiln');
  });
});

describe('the grammar agrees with the lexer', () => {
  const kilnFiles = [
    ...readdirSync('examples', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.kiln'))
      .map((f) => ({ name: `examples/${f}`, text: readFileSync(join('examples', f), 'utf8') })),
    ...syntaxTests.map((f) => ({ name: `${testsDir}/${f}`, text: parseSyntaxTest(readFileSync(join(testsDir, f), 'utf8')).source.join('\n') })),
  ];

  const keywordRoles = new Map(T.keywordInfo.map((k) => [T.keywordTokens[k.word], k.role]));
  const operators = new Set(T.operatorTokens);

  /** What scope each lexer token must get, or undefined where the grammar may choose. */
  function expectation(token: ReturnType<typeof lex>['tokens'][number], text: string): ((scopes: string[]) => boolean) | undefined {
    const type = token.tokenType;
    const has = (prefix: string) => (scopes: string[]) => scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
    if (type === T.LineComment || type === T.BlockComment) return has('comment');
    if (type === T.StringLiteral) return has('string.quoted.double');
    if (type === T.NumberLiteral) return has('constant.numeric');
    // `?` in a shape (`f32[?, 4]`) is an unknown size, not an operator.
    if (type === T.Question) return (s) => has('keyword.operator')(s) || has('constant.language')(s);
    if (operators.has(type)) return (s) => has('keyword.operator')(s) || has('punctuation')(s);
    const role = keywordRoles.get(type);
    if (role) {
      // A keyword written as a name (`train:`, `.train`) is a name; elsewhere it has its role's scope.
      const lineEnd = text.indexOf('\n', token.startOffset);
      const after = text.slice((token.endOffset ?? token.startOffset) + 1, lineEnd < 0 ? text.length : lineEnd).trimStart();
      const before = text.slice(text.lastIndexOf('\n', token.startOffset) + 1, token.startOffset).trimEnd();
      if (after.startsWith(':') || before.endsWith('.')) return (s) => !has('keyword')(s);
      return role === 'constant' ? has('constant.language') : has('keyword');
    }
    if (type === T.Identifier) return (s) => !has('keyword.control')(s) && !has('comment')(s) && !has('string')(s);
    return undefined;
  }

  test.each(kilnFiles.map((f) => [f.name, f.text] as const))('%s', (_name, text) => {
    const lines = grammar.tokenize(text);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const tokenAt = (offset: number): TextMateToken | undefined => {
      let line = lineStarts.length - 1;
      while (lineStarts[line] > offset) line--;
      const column = offset - lineStarts[line];
      return lines[line].find((t) => t.startIndex <= column && column < t.endIndex);
    };

    const lexed = lex(text);
    const disagreements: string[] = [];
    for (const token of [...lexed.tokens, ...((lexed.groups.comments as typeof lexed.tokens | undefined) ?? [])]) {
      const check = expectation(token, text);
      if (!check) continue;
      // Every character of the token, so a token split across scopes is caught too.
      for (let offset = token.startOffset; offset <= (token.endOffset ?? token.startOffset); offset++) {
        if (text[offset] === '\n' || text[offset] === '\r') continue;
        const scopes = tokenAt(offset)?.scopes ?? [];
        if (!check(scopes)) {
          disagreements.push(`${token.tokenType.name} ${JSON.stringify(token.image)} at line ${token.startLine}: ${scopes.join(' ')}`);
          break;
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
