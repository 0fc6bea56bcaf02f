// Reads and checks grammar test files in the vscode-tmgrammar-test format, so
// grammar/tests/*.test.kiln run today and, unchanged, under that tool later:
//
//   // SYNTAX TEST "source.kiln" "what this file covers"
//   model mlp(image: f32[28, 28, 1]) -> f32[10] {
//   // <----- keyword.declaration.kiln
//   //    ^^^ entity.name.function.kiln
//
// A line starting with the comment token holds assertions about the nearest
// source line above it (or nothing, then it is skipped). `^` marks columns of
// that line; `<---` marks as many columns from its start (`<~~---`: skip two
// first). The scopes listed must appear, in order, in the scopes of every
// token overlapping the marked columns; scopes after ` - ` must not.

import type { TextMateGrammar } from './textmate-engine.js';

export interface ScopeAssertion {
  /** The line of the test file the assertion is written on, from 1. */
  fileLine: number;
  from: number;
  to: number;
  required: string[];
  excluded: string[];
}

export interface SyntaxTestCase {
  commentToken: string;
  scopeName: string;
  description: string;
  /** The source lines, without the header and the assertion lines. */
  source: string[];
  /** Assertions by index into `source`. */
  assertions: Map<number, ScopeAssertion[]>;
}

const headerPattern = /^(\S+)\s+SYNTAX\s+TEST\s+"([^"]+)"(?:\s+"([^"]+)")?\s*$/;
const scopeList = String.raw`((?:\s*\w[-\w.]*)*)`;
const caretPattern = new RegExp(String.raw`^\s*((?:\^+\s*)+)${scopeList}(?:\s*-)?${scopeList}\s*$`);
const arrowPattern = new RegExp(String.raw`^\s*<(~*)(-+)${scopeList}(?:\s*-)?${scopeList}\s*$`);

const words = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);

export function parseSyntaxTest(text: string): SyntaxTestCase {
  const lines = text.split(/\r\n|\n/);
  const header = headerPattern.exec(lines[0] ?? '');
  if (!header) throw new Error('the first line must be `<comment token> SYNTAX TEST "<scope>" "description"`');
  const [, commentToken, scopeName, description = ''] = header;
  const source: string[] = [];
  const assertions = new Map<number, ScopeAssertion[]>();

  lines.slice(1).forEach((line, index) => {
    const fileLine = index + 2;
    if (!line.startsWith(commentToken)) {
      source.push(line);
      return;
    }
    const found = parseAssertionLine(line, commentToken.length, fileLine);
    if (found.length === 0) return;
    if (source.length === 0) throw new Error(`line ${fileLine}: an assertion before any source line`);
    const target = source.length - 1;
    assertions.set(target, [...(assertions.get(target) ?? []), ...found]);
  });
  return { commentToken, scopeName, description, source, assertions };
}

function parseAssertionLine(line: string, commentLength: number, fileLine: number): ScopeAssertion[] {
  const rest = line.slice(commentLength);
  if (rest.trim().startsWith('^')) {
    const caret = caretPattern.exec(rest);
    if (!caret) throw new Error(`line ${fileLine}: cannot read the assertion ${JSON.stringify(line)}`);
    const required = words(caret[2]);
    const excluded = words(caret[3]);
    if (required.length + excluded.length === 0) throw new Error(`line ${fileLine}: an assertion names no scope`);
    const result: ScopeAssertion[] = [];
    for (const run of rest.matchAll(/\^+/g)) {
      const from = commentLength + (run.index ?? 0);
      result.push({ fileLine, from, to: from + run[0].length, required, excluded });
    }
    return result;
  }
  const arrow = arrowPattern.exec(rest);
  if (!arrow) return [];
  const required = words(arrow[3]);
  const excluded = words(arrow[4]);
  if (required.length + excluded.length === 0) throw new Error(`line ${fileLine}: an assertion names no scope`);
  return [{ fileLine, from: arrow[1].length, to: arrow[1].length + arrow[2].length, required, excluded }];
}

/** The required scopes that are not found, in order, in `actual`. */
function missingInOrder(required: string[], actual: string[]): string[] {
  let next = 0;
  for (const scope of actual) if (scope === required[next]) next++;
  return required.slice(next);
}

/** Runs a test case; returns one readable message per failed assertion. */
export function runSyntaxTest(grammar: TextMateGrammar, testCase: SyntaxTestCase, fileName: string): string[] {
  if (testCase.scopeName !== grammar.scopeName) return [`${fileName}: tests ${testCase.scopeName}, but the grammar is ${grammar.scopeName}`];
  const failures: string[] = [];
  const lines = grammar.tokenize(testCase.source.join('\n'));
  for (const [sourceIndex, assertions] of testCase.assertions) {
    const tokens = lines[sourceIndex];
    const text = testCase.source[sourceIndex];
    for (const assertion of assertions) {
      const where = `${fileName}:${assertion.fileLine}`;
      const columns = `columns ${assertion.from}-${assertion.to} (${JSON.stringify(text.slice(assertion.from, assertion.to))} in ${JSON.stringify(text)})`;
      const overlapping = tokens.filter((t) => t.startIndex < assertion.to && t.endIndex > assertion.from);
      if (overlapping.length === 0 && assertion.required.length > 0) {
        failures.push(`${where}: no token at ${columns}; expected ${assertion.required.join(' ')}`);
        continue;
      }
      for (const token of overlapping) {
        const missing = missingInOrder(assertion.required, token.scopes);
        const unexpected = assertion.excluded.filter((s) => token.scopes.includes(s));
        if (missing.length === 0 && unexpected.length === 0) continue;
        const got = `${JSON.stringify(text.slice(token.startIndex, token.endIndex))} has ${token.scopes.join(' ')}`;
        if (missing.length > 0) failures.push(`${where}: at ${columns}, ${got}; missing ${missing.join(' ')}`);
        if (unexpected.length > 0) failures.push(`${where}: at ${columns}, ${got}; must not have ${unexpected.join(' ')}`);
      }
    }
  }
  return failures;
}
