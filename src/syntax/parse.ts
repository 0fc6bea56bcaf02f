// Text → tokens → CST → AST, with every lexical and syntax error turned into a
// diagnostic in words a user knows ("expected `)` to close the call to
// `dense`"), never token-class names.
//
// Input: a SourceFile. Output: ParseResult (AST, tokens, comments, diagnostics).
// The CST is dropped once the AST is built: nothing reads it afterwards, and
// keeping it would hold several times the AST's memory for every open file.

import { EOF, tokenMatcher, type CstNode, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { lex } from '../../grammar/lexer.js';
import { KilnParser, ruleDescriptions } from '../../grammar/parser.js';
import * as T from '../../grammar/tokens.js';
import type { SourceFile } from '../analysis/source.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { KilnFile } from './ast.js';
import { AstBuilder } from './build-ast.js';

export interface ParseResult {
  ast: KilnFile;
  /** The tokens the parser saw (comments excluded). */
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

// Chevrotain hands us the expected token types only through the message
// provider, so the provider encodes them and `syntaxDiagnostic` decodes them.
interface ErrorPayload {
  kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'notAllInput';
  expected?: string;
  rule: string;
}

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => JSON.stringify({ kind: 'mismatch', expected: expected.name, rule: ruleName } satisfies ErrorPayload),
  buildNotAllInputParsedMessage: ({ ruleName }) => JSON.stringify({ kind: 'notAllInput', rule: ruleName } satisfies ErrorPayload),
  buildNoViableAltMessage: ({ ruleName }) => JSON.stringify({ kind: 'noViableAlt', rule: ruleName } satisfies ErrorPayload),
  buildEarlyExitMessage: ({ ruleName }) => JSON.stringify({ kind: 'earlyExit', rule: ruleName } satisfies ErrorPayload),
};

const tokenTypesByName = new Map<string, TokenType>(T.allTokens.map((t) => [t.name, t]));

const closers: Record<string, { opener: string; closer: string }> = {
  RParen: { opener: 'LParen', closer: ')' },
  RBracket: { opener: 'LBracket', closer: ']' },
  RBrace: { opener: 'LBrace', closer: '}' },
};

export function parseSource(source: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const span = (start: number, end: number) => source.lines.span(source.path, start, end);
  const lexed = lex(source.text);

  for (const e of lexed.errors) {
    const char = source.text.slice(e.offset, e.offset + Math.max(1, e.length));
    diagnostics.push(diagnostic('K0001', span(e.offset, e.offset + Math.max(1, e.length)), { char: printable(char) }, { label: 'not part of any token' }));
  }

  const tokens: IToken[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType === T.UnterminatedString) {
      diagnostics.push(diagnostic('K0002', span(t.startOffset, t.endOffset! + 1), {}, { label: 'string starts here', help: 'add `"` where the string ends' }));
      // Parse on as if it were closed, so one typo gives one error.
      tokens.push({ ...t, tokenType: T.StringLiteral, tokenTypeIdx: T.StringLiteral.tokenTypeIdx! });
    } else tokens.push(t);
  }
  const comments = (lexed.groups.comments ?? []) as IToken[];
  for (const c of comments) {
    if (c.image.startsWith('/*') && !c.image.endsWith('*/')) {
      diagnostics.push(diagnostic('K0003', span(c.startOffset, c.startOffset + 2), {}, { label: 'comment opened here', help: 'close it with `*/`' }));
    }
  }

  // The parser is recursive descent: bound the nesting so that no input can
  // exhaust the stack. The rest of the file past the limit is not parsed.
  const tooDeep = firstTooDeep(tokens);
  let cutAt = Infinity;
  if (tooDeep !== undefined) {
    const t = tokens[tooDeep];
    cutAt = t.startOffset;
    diagnostics.push(
      diagnostic('K0105', span(t.startOffset, t.endOffset! + 1), { limit: MAX_NESTING }, { label: `nesting level ${MAX_NESTING + 1}`, help: 'split the expression with `let` bindings or blocks' }),
    );
    tokens.length = tooDeep;
  }

  let parser = sharedParser();
  parser.input = tokens;
  let cst: CstNode;
  try {
    cst = parser.file();
  } catch (e) {
    // Chevrotain's recovery can recurse deeply on long runs of misplaced
    // tokens. Rather than fail, parse again without recovery: the file then
    // gets its first syntax error only, which is still a precise one.
    if (!(e instanceof RangeError)) throw e;
    parser = sharedParser(false);
    parser.input = tokens;
    cst = parser.file();
  }
  const seen = new Set<number>();
  for (const e of parser.errors) {
    const d = syntaxDiagnostic(e, tokens, source);
    if (!d || seen.has(d.span.start) || d.span.start >= cutAt) continue;
    seen.add(d.span.start);
    diagnostics.push(d);
  }

  const ast = new AstBuilder(source.path, source.lines).buildFile(cst, comments);
  return { ast, tokens, comments, diagnostics };
}

/** Deeper than any real spec needs, and far from the stack's limit. */
export const MAX_NESTING = 64;

function firstTooDeep(tokens: IToken[]): number | undefined {
  let depth = 0;
  // Prefix operators nest too: `- - - x` is three levels.
  let prefixRun = 0;
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i].tokenType.name;
    prefixRun = name === 'Minus' || name === 'Bang' ? prefixRun + 1 : 0;
    if (name === 'LParen' || name === 'LBracket' || name === 'LBrace') depth++;
    else if (name === 'RParen' || name === 'RBracket' || name === 'RBrace') depth = Math.max(0, depth - 1);
    if (depth + prefixRun > MAX_NESTING) return i;
  }
  return undefined;
}

const parserInstances = new Map<boolean, KilnParser>();

/** One parser per process (and mode): construction runs Chevrotain's grammar analysis. */
function sharedParser(recovery = true): KilnParser {
  let p = parserInstances.get(recovery);
  if (!p) parserInstances.set(recovery, (p = new KilnParser(messageProvider, recovery)));
  return p;
}

function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** How a token reads in a message: "`)`", "`dense`", "the end of the file". */
function describeFound(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF || !Number.isFinite(t.startOffset)) return 'the end of the file';
  if (tokenMatcher(t, T.StringLiteral)) return 'a string';
  if (tokenMatcher(t, T.NumberLiteral)) return `\`${t.image}\``;
  const image = t.image.length > 30 ? `${t.image.slice(0, 27)}…` : t.image;
  return `\`${image}\``;
}

function describeExpected(name: string | undefined): string {
  const type = name ? tokenTypesByName.get(name) : undefined;
  return type?.LABEL ?? (name ? `\`${name}\`` : 'something else');
}

function tokenSpan(t: IToken | undefined, source: SourceFile, tokens: IToken[]): Span {
  if (t && t.tokenType !== EOF && Number.isFinite(t.startOffset)) return source.lines.span(source.path, t.startOffset, t.endOffset! + 1);
  // At the end of the file: point just after the last real token.
  const last = tokens[tokens.length - 1];
  const at = last ? last.endOffset! + 1 : source.text.length;
  return source.lines.span(source.path, at, at);
}

function syntaxDiagnostic(e: IRecognitionException, tokens: IToken[], source: SourceFile): Diagnostic | undefined {
  let payload: ErrorPayload;
  try {
    payload = JSON.parse(e.message) as ErrorPayload;
  } catch {
    payload = { kind: 'noViableAlt', rule: 'file' };
  }
  const found = describeFound(e.token);
  const at = tokenSpan(e.token, source, tokens);
  const rule = ruleDescriptions[payload.rule] ?? 'more input';

  if (payload.kind === 'notAllInput' || payload.expected === 'EOF') return diagnostic('K0104', at, { found }, { label: 'not a declaration' });

  if (payload.kind === 'mismatch') {
    const closer = payload.expected ? closers[payload.expected] : undefined;
    if (closer) {
      const opener = unclosedOpener(tokens, e.token, closer.opener);
      if (opener) {
        const what = describeOpened(tokens, opener.index);
        return diagnostic(
          'K0102',
          at,
          { closer: closer.closer, what, found },
          {
            label: `expected \`${closer.closer}\``,
            related: [{ span: tokenSpan(opener.token, source, tokens), message: `\`${opener.token.image}\` opened here` }],
          },
        );
      }
    }
    return diagnostic('K0101', at, { expected: describeExpected(payload.expected), found }, { label: `expected ${describeExpected(payload.expected)}` });
  }

  return diagnostic('K0103', at, { expected: rule, found }, { label: `expected ${rule}` });
}

/** The innermost opener of the given kind still open just before `at`. */
function unclosedOpener(tokens: IToken[], at: IToken | undefined, openerName: string): { token: IToken; index: number } | undefined {
  const limit = at && Number.isFinite(at.startOffset) ? at.startOffset : Infinity;
  const stack: number[] = [];
  for (let i = 0; i < tokens.length && tokens[i].startOffset < limit; i++) {
    const name = tokens[i].tokenType.name;
    if (name === 'LParen' || name === 'LBracket' || name === 'LBrace') stack.push(i);
    else if (name === 'RParen' || name === 'RBracket' || name === 'RBrace') {
      const want = closers[name].opener;
      // Pop to the matching opener; mismatched inner openers are abandoned.
      for (let j = stack.length - 1; j >= 0; j--) {
        if (tokens[stack[j]].tokenType.name === want) {
          stack.length = j;
          break;
        }
      }
    }
  }
  for (let j = stack.length - 1; j >= 0; j--) {
    if (tokens[stack[j]].tokenType.name === openerName) return { token: tokens[stack[j]], index: stack[j] };
  }
  return undefined;
}

/** "the call to `dense`", "the body of `teacher`", "the list", … */
function describeOpened(tokens: IToken[], index: number): string {
  const open = tokens[index].tokenType.name;
  const prev = tokens[index - 1];
  const prev2 = tokens[index - 2];
  if (open === 'LParen') {
    if (prev && (prev2?.tokenType.name === 'Model' || prev2?.tokenType.name === 'Block')) return `the parameters of \`${prev.image}\``;
    if (prev && tokenMatcher(prev, T.Identifier)) return `the call to \`${prev.image}\``;
    if (prev?.tokenType.name === 'Residual') return 'the `residual`';
    if (prev?.tokenType.name === 'RParen') return 'the call';
    return 'the parenthesis';
  }
  if (open === 'LBracket') {
    if (prev && tokenMatcher(prev, T.Identifier) && prev2?.tokenType.name === 'Colon') return `the type \`${prev.image}[…]\``;
    return 'the list';
  }
  // A `{`: find the declaration or section it belongs to.
  for (let i = index - 1; i >= 0 && i >= index - 40; i--) {
    const t = tokens[i];
    const name = t.tokenType.name;
    if (['Data', 'Block', 'Model', 'Schedule', 'Distill', 'Experiment'].includes(name)) {
      const declName = tokens[i + 1] && tokenMatcher(tokens[i + 1], T.Identifier) ? ` \`${tokens[i + 1].image}\`` : '';
      return `the body of ${name.toLowerCase()}${declName}`;
    }
    if (['Features', 'Fields', 'Augment', 'Clean', 'Sweep'].includes(name) && i === index - 1) return `the \`${t.image}\` section`;
    if (name === 'Repeat') return 'the `repeat` body';
    if (name === 'LBrace' || name === 'RBrace') break;
  }
  return 'the braces';
}
