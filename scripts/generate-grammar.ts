// Generates the editor-facing grammar artefacts from the one definition of
// the syntax in grammar/: the TextMate grammar (grammar/kiln.tmLanguage.json)
// and the syntax diagrams (grammar/diagrams.html). Run as a script it writes
// them; test/grammar/generated.test.ts fails when a checked-in copy is stale.
// Output is deterministic: the same definitions always give the same bytes.

import { createSyntaxDiagramsCode, type ISerializedGast, type TokenType } from 'chevrotain';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KilnParser } from '../grammar/parser.js';
import * as T from '../grammar/tokens.js';
import { dtypes } from '../src/types/tensor.js';

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const tmLanguagePath = 'grammar/kiln.tmLanguage.json';
export const diagramsPath = 'grammar/diagrams.html';

export function generateGrammarFiles(): GeneratedFile[] {
  const parser = new KilnParser();
  return [
    { path: tmLanguagePath, content: `${JSON.stringify(buildTmLanguage(parser.getSerializedGastProductions()), null, 2)}\n` },
    { path: diagramsPath, content: buildDiagramsHtml(parser.getSerializedGastProductions()) },
  ];
}

// ---- TextMate grammar ------------------------------------------------------

/** A TextMate rule, limited to the features this grammar uses. */
interface TmRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: TmRule[];
  include?: string;
}

/** One scope per keyword role; a new role will not compile until it has one. */
const roleScopes: Record<T.KeywordRole, string> = {
  declaration: 'keyword.declaration.kiln storage.type.kiln',
  statement: 'keyword.control.kiln',
  section: 'keyword.other.section.kiln',
  connective: 'keyword.operator.word.kiln',
  constant: 'constant.language.kiln',
};

/** Every operator token's scope, by token name; the generator refuses an operator without one. */
const operatorScopes: Readonly<Record<string, string>> = {
  Pipe: 'keyword.operator.pipe.kiln',
  Arrow: 'keyword.operator.arrow.kiln',
  LeftArrow: 'keyword.operator.arrow.left.kiln',
  DotDot: 'keyword.operator.range.kiln',
  EqEq: 'keyword.operator.comparison.kiln',
  NotEq: 'keyword.operator.comparison.kiln',
  LessEq: 'keyword.operator.comparison.kiln',
  GreaterEq: 'keyword.operator.comparison.kiln',
  AndAnd: 'keyword.operator.logical.kiln',
  OrOr: 'keyword.operator.logical.kiln',
  Less: 'keyword.operator.comparison.kiln',
  Greater: 'keyword.operator.comparison.kiln',
  Bang: 'keyword.operator.logical.kiln',
  LParen: 'punctuation.section.parens.begin.kiln',
  RParen: 'punctuation.section.parens.end.kiln',
  LBracket: 'punctuation.section.brackets.begin.kiln',
  RBracket: 'punctuation.section.brackets.end.kiln',
  LBrace: 'punctuation.section.braces.begin.kiln',
  RBrace: 'punctuation.section.braces.end.kiln',
  Comma: 'punctuation.separator.comma.kiln',
  Colon: 'punctuation.separator.colon.kiln',
  Equals: 'keyword.operator.assignment.kiln',
  Dot: 'punctuation.accessor.kiln',
  Plus: 'keyword.operator.arithmetic.kiln',
  Minus: 'keyword.operator.arithmetic.kiln',
  Star: 'keyword.operator.arithmetic.kiln',
  Slash: 'keyword.operator.arithmetic.kiln',
  Percent: 'keyword.operator.arithmetic.kiln',
  Question: 'keyword.operator.question.kiln',
};

/**
 * Type names are identifiers to the parser (the checker decides what is a
 * type), so they are listed here: the tensor dtypes come from the type
 * system, `class[n]` is a label type, and the scalars are those a block
 * parameter may take.
 */
const shapedTypeNames = [...dtypes, 'class'];
const scalarTypeNames = ['int', 'float', 'bool', 'string'];
/** The parser's one type modifier: `optional string`. */
const typeModifiers = ['optional'];

const alternation = (words: readonly string[]): string => [...new Set(words)].map(escapeRegExp).join('|');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function patternSource(token: TokenType): string {
  const pattern = token.PATTERN;
  if (!(pattern instanceof RegExp)) throw new Error(`token ${token.name} has no regular-expression pattern to derive a TextMate rule from`);
  return pattern.source;
}

function requireKeyword(word: string): T.KeywordInfo {
  const info = T.keywordInfo.find((k) => k.word === word);
  if (!info) throw new Error(`the TextMate grammar expects the keyword \`${word}\`, which grammar/tokens.ts no longer defines`);
  return info;
}

const scope = (name: string) => ({ name });

/**
 * Which declaration keywords introduce a name, read from the parser: a rule
 * that starts `keyword Identifier` declares that name, and one with a
 * parameter list declares something callable (a block, a model).
 */
function declarationKinds(rules: ISerializedGast[]): { word: string; callable: boolean }[] {
  const kinds: { word: string; callable: boolean }[] = [];
  for (const info of T.keywordInfo.filter((k) => k.role === 'declaration')) {
    const tokenName = T.keywordTokens[info.word].name;
    const rule = rules.find((r) => {
      const def = (r as { definition?: ISerializedGast[] }).definition ?? [];
      return isTerminal(def[0], tokenName) && isTerminal(def[1], T.Identifier.name);
    });
    if (rule) kinds.push({ word: info.word, callable: mentionsRule(rule, 'paramList') });
  }
  return kinds;
}

function isTerminal(node: ISerializedGast | undefined, tokenName: string): boolean {
  return node?.type === 'Terminal' && (node as { name?: string }).name === tokenName;
}

function mentionsRule(node: ISerializedGast, ruleName: string): boolean {
  if (node.type === 'NonTerminal' && (node as { name?: string }).name === ruleName) return true;
  return ((node as { definition?: ISerializedGast[] }).definition ?? []).some((child) => mentionsRule(child, ruleName));
}

export function buildTmLanguage(rules: ISerializedGast[]): Record<string, unknown> {
  const ident = patternSource(T.Identifier);
  const keywordsOf = (role: T.KeywordRole) => T.keywordInfo.filter((k) => k.role === role).map((k) => k.word);
  const allKeywords = alternation(T.keywordInfo.map((k) => k.word));
  const units = alternation(Object.keys(T.durationUnits).sort((a, b) => b.length - a.length || a.localeCompare(b)));
  const number = `(?<![A-Za-z0-9_])(${patternSource(T.NumberLiteral)})`;
  const declarationScope = roleScopes.declaration;

  const kinds = declarationKinds(rules);
  const declarationGroups = [
    { words: kinds.filter((k) => k.callable).map((k) => k.word), nameScope: 'entity.name.function.kiln' },
    { words: kinds.filter((k) => !k.callable).map((k) => k.word), nameScope: 'entity.name.type.kiln' },
  ];
  const declarationRules: TmRule[] = declarationGroups
    .filter((group) => group.words.length > 0)
    .map((group) => ({
      // A declared name is followed by its body or parameters (`{`, `(`), maybe
      // on the next line; `distill compress on digits` names no new thing.
      match: `\\b(${alternation(group.words)})\\s+(${ident})\\b(?=\\s*(?:[{(]|$|//|/\\*))`,
      captures: { '1': scope(declarationScope), '2': scope(group.nameScope) },
    }));

  const as = requireKeyword('as');
  const repository: Record<string, TmRule> = {
    comments: {
      patterns: [
        { name: 'comment.line.double-slash.kiln', match: patternSource(T.LineComment) },
        {
          name: 'comment.block.kiln',
          begin: '/\\*',
          end: '\\*/',
          beginCaptures: { '0': scope('punctuation.definition.comment.begin.kiln') },
          endCaptures: { '0': scope('punctuation.definition.comment.end.kiln') },
        },
      ],
    },
    // A string never spans lines (the lexer stops it at the line end), so an
    // unterminated one ends there instead of swallowing the rest of the file.
    strings: {
      name: 'string.quoted.double.kiln',
      begin: '"',
      end: '"|$',
      beginCaptures: { '0': scope('punctuation.definition.string.begin.kiln') },
      endCaptures: { '0': scope('punctuation.definition.string.end.kiln') },
      patterns: [{ name: 'constant.character.escape.kiln', match: '\\\\.' }],
    },
    declarations: { patterns: declarationRules },
    'import-alias': {
      match: `\\b(${escapeRegExp(as.word)})\\s+(${ident})\\b`,
      captures: { '1': scope(roleScopes[as.role]), '2': scope('entity.name.namespace.kiln') },
    },
    // `activation: relu`, `train: 0.8`, `units: int`: any name before a
    // colon, keywords included, as the parser allows.
    'named-arguments': {
      match: `\\b(${ident})\\s*(:)`,
      captures: { '1': scope('variable.parameter.kiln'), '2': scope('punctuation.separator.colon.kiln') },
    },
    members: {
      patterns: [
        {
          match: `(\\.)\\s*(${ident})(?=\\s*\\()`,
          captures: { '1': scope('punctuation.accessor.kiln'), '2': scope('entity.name.function.kiln') },
        },
        {
          match: `(\\.)\\s*(${ident})`,
          captures: { '1': scope('punctuation.accessor.kiln'), '2': scope('variable.other.member.kiln') },
        },
      ],
    },
    types: {
      patterns: [
        {
          name: 'meta.type.tensor.kiln',
          begin: `\\b(${alternation(shapedTypeNames)})\\s*(\\[)`,
          // Dimensions stay on one line in practice; ending at the line end
          // keeps a missing `]` from colouring the rest of the file.
          end: '(\\])|$',
          beginCaptures: { '1': scope('support.type.kiln'), '2': scope('punctuation.definition.shape.begin.kiln') },
          endCaptures: { '1': scope('punctuation.definition.shape.end.kiln') },
          patterns: [
            { include: '#comments' },
            { include: '#numbers' },
            { name: 'constant.language.unknown-dimension.kiln', match: '\\?' },
            { name: 'punctuation.separator.comma.kiln', match: ',' },
            { name: 'variable.other.dimension.kiln', match: `\\b${ident}\\b` },
          ],
        },
        { name: 'storage.modifier.kiln', match: `\\b(?:${alternation(typeModifiers)})\\b(?=\\s+${ident})` },
        { name: 'support.type.kiln', match: `\\b(?:${alternation([...scalarTypeNames, ...dtypes])})\\b` },
      ],
    },
    // `seed 42`, `source = mnist()`, `lr warmup(…)`: a name that starts a line
    // and is followed by its value. A name followed by an operator is the
    // start of an expression (`image |> flatten()`), not a setting.
    settings: {
      match: `^(\\s*)(?!(?:${allKeywords})\\b)(${ident})(?=\\s*=(?!=)|\\s+(?:[A-Za-z0-9_"\\[{]|-\\.?[0-9]|\\.[0-9]))`,
      captures: { '2': scope('variable.other.property.kiln') },
    },
    keywords: {
      patterns: (Object.keys(roleScopes) as T.KeywordRole[])
        .filter((role) => keywordsOf(role).length > 0)
        .map((role) => ({ name: roleScopes[role], match: `\\b(?:${alternation(keywordsOf(role))})\\b` })),
    },
    // A duration unit belongs to the number only on the same line, as in the
    // parser; a TextMate match never spans lines, so that comes for free.
    numbers: {
      match: `${number}(?:\\s+(${units})\\b)?`,
      captures: { '1': scope('constant.numeric.kiln'), '2': scope('keyword.other.unit.duration.kiln') },
    },
    calls: {
      match: `\\b(${ident})(?=\\s*\\()`,
      captures: { '1': scope('entity.name.function.kiln') },
    },
    // One rule per operator, in the lexer's order, so that the longer of two
    // operators sharing a prefix wins exactly as it does in the lexer.
    operators: {
      patterns: T.operatorTokens.map((token) => {
        const name = operatorScopes[token.name];
        if (!name) throw new Error(`operator token ${token.name} has no TextMate scope: add it to operatorScopes in scripts/generate-grammar.ts`);
        return { name, match: patternSource(token) };
      }),
    },
    identifiers: { name: 'variable.other.kiln', match: `\\b${ident}\\b` },
  };

  return {
    name: 'Kiln',
    scopeName: 'source.kiln',
    fileTypes: ['kiln'],
    comment: 'Generated from grammar/tokens.ts and grammar/parser.ts by scripts/generate-grammar.ts; do not edit, run `npm run generate`.',
    // The order matters where two rules match at the same column: the first wins.
    patterns: Object.keys(repository).map((key) => ({ include: `#${key}` })),
    repository,
  };
}

// ---- syntax diagrams -------------------------------------------------------

/** The scripts chevrotain's diagram page loads, in its order, relative to its diagrams/ folder. */
const diagramScripts = ['vendor/railroad-diagrams.js', 'src/diagrams_builder.js', 'src/diagrams_behavior.js', 'src/main.js'];
const diagramStylesheet = 'diagrams.css';
/** Stand-ins for the CDN addresses chevrotain would write; replaced by the inlined files. */
const resourceMarker = 'kiln-inline-resource:';
const cssMarker = 'kiln-inline-css';

function chevrotainDiagramsDir(): string {
  // The package exports only its entry point; its diagrams/ folder sits at the package root.
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the chevrotain package folder');
    dir = parent;
  }
  return join(dir, 'diagrams');
}

function readShipped(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`chevrotain no longer ships diagrams/${file}; the offline diagrams page cannot be built`);
  return readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
}

/**
 * Chevrotain's diagrams page, made to work offline: the scripts and the
 * stylesheet it would load from a CDN are inlined from the chevrotain package.
 */
export function buildDiagramsHtml(rules: ISerializedGast[]): string {
  const dir = chevrotainDiagramsDir();
  let html = createSyntaxDiagramsCode(rules, { resourceBase: resourceMarker, css: cssMarker });

  const replaceOnce = (find: string, replacement: string) => {
    if (!html.includes(find)) throw new Error(`chevrotain's diagrams page no longer contains ${find}; update scripts/generate-grammar.ts`);
    html = html.replace(find, () => replacement);
  };
  const css = readShipped(dir, diagramStylesheet).replace(/<\/style/gi, '<\\/style');
  replaceOnce(`<link rel='stylesheet' href='${cssMarker}'>`, `<title>Kiln syntax diagrams</title>\n<style>\n${css}</style>`);
  for (const script of diagramScripts) {
    const code = readShipped(dir, script).replace(/<\/script/gi, '<\\/script');
    replaceOnce(`<script src='${resourceMarker}${script}'></script>`, `<script>\n// chevrotain/diagrams/${script}\n${code}</script>`);
  }
  if (html.includes(resourceMarker)) throw new Error('the diagrams page still loads a resource that was not inlined');
  return html.replace(/[ \t]+\n/g, '\n');
}

// ---- running as a script ----------------------------------------------------

/** The repository root: the nearest folder above this module with a package.json (dist/ has none). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (no package.json above the generator)');
    dir = parent;
  }
  return dir;
}

export function writeGrammarFiles(root = repositoryRoot()): GeneratedFile[] {
  const files = generateGrammarFiles();
  for (const file of files) {
    const target = resolve(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    for (const file of writeGrammarFiles()) console.log(`wrote ${file.path}`);
  } catch (error) {
    console.error(`grammar generation failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
