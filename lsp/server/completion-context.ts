// What the cursor is in the middle of, read from the tokens before it: the
// text being typed rarely parses, but the tokens up to the cursor say enough —
// the innermost open `{` names the section, an open `(` after a name is a call,
// and the token just before the word being typed says what may come next.

import type { IToken } from 'chevrotain';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { EntryKind } from '../../src/catalog/index.js';
import type { SymbolKind } from '../../src/resolve/symbols.js';
import { kindsForSetting, layerKinds, settingKinds } from './catalog-context.js';
import { lexedOf } from './tokens.js';

export type Section =
  | 'top'
  | 'data'
  | 'features'
  | 'fields'
  | 'augment'
  | 'clean'
  | 'model'
  | 'block'
  | 'repeat'
  | 'schedule'
  | 'distill'
  | 'experiment'
  | 'sweep'
  | 'map';

export type CompletionContext =
  | { kind: 'none' }
  | { kind: 'importPath'; written: string }
  | { kind: 'topLevel' }
  | { kind: 'statement'; section: Section }
  | { kind: 'stage'; section: Section }
  | { kind: 'declaration'; symbolKinds: SymbolKind[] }
  | { kind: 'catalog'; kinds: EntryKind[] }
  | { kind: 'argument'; call: CallSite }
  | { kind: 'argumentValue'; call: CallSite; param: string }
  | { kind: 'type' }
  | { kind: 'value'; section: Section };

export interface CallSite {
  callee: string;
  /** The aliased import the callee is qualified with (`lib` in `lib.mlp(`). */
  namespace?: string;
  /** Catalog kinds the callee is looked up among; undefined: any kind. */
  kinds?: EntryKind[];
  /** Names already given as `name: value`. */
  named: string[];
  /** Positional arguments before the current one. */
  positional: number;
  /** Index of the argument the cursor is in. */
  index: number;
  /** The parameter the cursor is on, when the current argument is written `name: …`. */
  currentName?: string;
  /** Offset of the `(`. */
  open: number;
}

const isIdent = (t: IToken | undefined) => !!t && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.image) && t.tokenType.name !== 'StringLiteral';
const type = (t: IToken | undefined) => t?.tokenType.name;
const declarationTokens = new Set(['Data', 'Block', 'Model', 'Schedule', 'Distill', 'Experiment']);
const sectionTokens: Record<string, Section> = { Features: 'features', Fields: 'fields', Augment: 'augment', Clean: 'clean', Sweep: 'sweep' };

export interface Opener {
  token: IToken;
  index: number;
}

/** The openers still open after `tokens`, outermost first. */
export function openBrackets(tokens: readonly IToken[]): Opener[] {
  const stack: Opener[] = [];
  const pairs: Record<string, string> = { RParen: 'LParen', RBracket: 'LBracket', RBrace: 'LBrace' };
  tokens.forEach((token, index) => {
    const name = type(token)!;
    if (name === 'LParen' || name === 'LBracket' || name === 'LBrace') stack.push({ token, index });
    else if (pairs[name]) {
      // A `)` or `]` never closes across a `{`; a `}` closes whatever a broken line left open inside it.
      for (let j = stack.length - 1; j >= 0; j--) {
        const open = type(stack[j].token);
        if (open === pairs[name]) {
          stack.length = j;
          break;
        }
        if (open === 'LBrace') break;
      }
    }
  });
  return stack;
}

function sectionOf(tokens: readonly IToken[], opener: Opener, stack: readonly Opener[]): Section {
  const i = opener.index;
  const prev = tokens[i - 1];
  if (prev && sectionTokens[type(prev)!]) return sectionTokens[type(prev)!];
  if (type(tokens[i - 2]) === 'Repeat' || type(prev) === 'Repeat') return 'repeat';
  const braces = stack.filter((s) => type(s.token) === 'LBrace');
  if (braces[0] === opener) {
    for (let j = i - 1; j >= 0; j--) {
      const t = tokens[j];
      if (declarationTokens.has(type(t)!)) return type(t)!.toLowerCase() as Section;
    }
    return 'top';
  }
  return 'map';
}

/** The first token on the line of token `i` within the same bracket level: a setting's name. */
function lineHead(tokens: readonly IToken[], i: number, text: string): IToken | undefined {
  let j = i;
  while (j > 0) {
    const between = text.slice(tokens[j - 1].endOffset! + 1, tokens[j].startOffset);
    if (/[\r\n]/.test(between) || ['LBrace', 'RBrace'].includes(type(tokens[j - 1])!)) break;
    j--;
  }
  return tokens[j];
}

function callKinds(section: Section, head: IToken | undefined): EntryKind[] | undefined {
  switch (section) {
    case 'model':
    case 'block':
    case 'repeat':
      return layerKinds;
    case 'features':
      return ['transform'];
    case 'augment':
      return ['augmentation'];
    case 'schedule':
    case 'distill':
    case 'experiment':
      return (head && kindsForSetting(head.image)) ?? undefined;
    default:
      return undefined;
  }
}

function callSite(tokens: readonly IToken[], opener: Opener, offsetEnd: number, section: Section, text: string): CallSite | undefined {
  const calleeTok = tokens[opener.index - 1];
  if (!isIdent(calleeTok)) return undefined;
  const namespace = type(tokens[opener.index - 2]) === 'Dot' && isIdent(tokens[opener.index - 3]) ? tokens[opener.index - 3].image : undefined;
  const named: string[] = [];
  let positional = 0;
  let index = 0;
  let depth = 0;
  let argStart = opener.index + 1;
  let currentName: string | undefined;
  const finishArg = (start: number, end: number) => {
    if (end <= start) return;
    if (isIdent(tokens[start]) && type(tokens[start + 1]) === 'Colon') named.push(tokens[start].image);
    else positional++;
  };
  for (let i = opener.index + 1; i < tokens.length && tokens[i].startOffset < offsetEnd; i++) {
    const n = type(tokens[i]);
    if (n === 'LParen' || n === 'LBracket' || n === 'LBrace') depth++;
    else if (n === 'RParen' || n === 'RBracket' || n === 'RBrace') depth--;
    else if (n === 'Comma' && depth === 0) {
      finishArg(argStart, i);
      argStart = i + 1;
      index++;
    }
  }
  if (isIdent(tokens[argStart]) && type(tokens[argStart + 1]) === 'Colon' && tokens[argStart + 1].startOffset < offsetEnd) currentName = tokens[argStart].image;
  const head = lineHead(tokens, opener.index - 1, text);
  const kinds = type(tokens[opener.index - 2]) === 'Then' ? ['schedule' as EntryKind] : callKinds(section, head) ?? (section === 'schedule' ? settingKinds : undefined);
  return { callee: calleeTok.image, namespace, kinds: head === calleeTok && section === 'schedule' ? settingKinds : kinds, named, positional, index, currentName, open: opener.token.startOffset };
}

/** The call whose parentheses the cursor is in, if any (for signature help). */
export function enclosingCall(file: FileAnalysis, offset: number): CallSite | undefined {
  const tokens = lexedOf(file).tokens.filter((t) => t.startOffset < offset);
  const stack = openBrackets(tokens);
  for (let s = stack.length - 1; s >= 0; s--) {
    const opener = stack[s];
    if (type(opener.token) === 'LBrace') return undefined;
    if (type(opener.token) !== 'LParen') continue;
    if (declarationTokens.has(type(tokens[opener.index - 2]) ?? '')) return undefined;
    const braces = stack.slice(0, s).filter((o) => type(o.token) === 'LBrace');
    const section = braces.length ? sectionOf(tokens, braces[braces.length - 1], stack) : 'top';
    return callSite(tokens, opener, offset, section, file.source.text);
  }
  return undefined;
}

export function wordStartBefore(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  return start;
}

export function completionContext(file: FileAnalysis, offset: number): CompletionContext {
  const text = file.source.text;
  for (const c of lexedOf(file).comments) {
    const closedBlock = c.image.startsWith('/*') && c.image.endsWith('*/') && c.image.length >= 4;
    if (c.startOffset < offset && offset <= c.endOffset! + (closedBlock ? 0 : 1)) return { kind: 'none' };
  }
  const tokens = lexedOf(file).tokens;
  const inString = tokens.find((t) => type(t) === 'StringLiteral' && t.startOffset < offset && offset <= t.endOffset! + (t.image.length > 1 && t.image.endsWith('"') ? 0 : 1));
  if (inString) {
    const i = tokens.indexOf(inString);
    return type(tokens[i - 1]) === 'Import' ? { kind: 'importPath', written: text.slice(inString.startOffset + 1, offset) } : { kind: 'none' };
  }
  const wordStart = wordStartBefore(text, offset);
  if (wordStart < offset && /[0-9]/.test(text[wordStart])) return { kind: 'none' };
  const before = tokens.filter((t) => t.endOffset! + 1 <= wordStart);
  const stack = openBrackets(before);
  const braces = stack.filter((o) => type(o.token) === 'LBrace');
  const section: Section = braces.length ? sectionOf(before, braces[braces.length - 1], stack) : 'top';
  const prev = before[before.length - 1];
  const prev2 = before[before.length - 2];
  const top = stack[stack.length - 1];
  const atLineStart = !prev || /[\r\n]/.test(text.slice(prev.endOffset! + 1, wordStart)) || type(prev) === 'LBrace' || type(prev) === 'RBrace';

  if (top && type(top.token) === 'LParen') {
    if (declarationTokens.has(type(before[top.index - 2]) ?? '')) return type(prev) === 'Colon' ? { kind: 'type' } : { kind: 'none' };
    if (type(before[top.index - 1]) === 'Residual') return { kind: 'stage', section };
    const call = callSite(before, top, wordStart, section, text);
    if (call) {
      if (type(prev) === 'LParen' || type(prev) === 'Comma') return { kind: 'argument', call };
      if (type(prev) === 'Colon' && isIdent(prev2)) return { kind: 'argumentValue', call, param: prev2!.image };
      if (type(prev) === 'Pipe') return { kind: 'stage', section };
      return { kind: 'value', section };
    }
  }
  if (top && type(top.token) === 'LBracket') {
    if (type(before[top.index - 1]) === 'Metrics') return { kind: 'catalog', kinds: ['metric'] };
    if (type(before[top.index - 2]) === 'Colon') return { kind: 'none' };
  }
  if (section === 'top') {
    if (!prev || type(prev) === 'RBrace' || (atLineStart && stack.length === 0)) return { kind: 'topLevel' };
    return { kind: 'none' };
  }
  switch (type(prev)) {
    case 'Pipe':
      return { kind: 'stage', section };
    case 'Train':
    case 'Evaluate':
      return { kind: 'declaration', symbolKinds: ['model'] };
    case 'Distill':
      return { kind: 'declaration', symbolKinds: ['distill'] };
    case 'On':
      return { kind: 'declaration', symbolKinds: ['data'] };
    case 'With':
      return { kind: 'declaration', symbolKinds: ['schedule'] };
    case 'Metrics':
      return { kind: 'catalog', kinds: ['metric'] };
    case 'Then':
      return { kind: 'catalog', kinds: ['schedule'] };
    case 'Via':
      return { kind: 'stage', section: 'model' };
    case 'Colon':
      if (section === 'features' || section === 'fields') return { kind: 'type' };
      break;
    case 'Equals':
      if (section === 'features') return { kind: 'value', section };
      break;
  }
  if (!atLineStart && isIdent(prev) && lineHead(before, before.length - 1, text) === prev) {
    const forSetting = kindsForSetting(prev!.image);
    if (forSetting) return { kind: 'catalog', kinds: forSetting };
    if (section === 'distill' && (prev!.image === 'teacher' || prev!.image === 'student')) return { kind: 'declaration', symbolKinds: ['model'] };
    if (section === 'sweep') return { kind: 'none' };
  }
  if (section === 'sweep' && atLineStart) return { kind: 'declaration', symbolKinds: ['schedule', 'distill', 'data', 'model'] };
  if (atLineStart) return { kind: 'statement', section };
  return { kind: 'value', section };
}
