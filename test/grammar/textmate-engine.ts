// A small TextMate tokenizer for testing the generated grammar without
// vscode-textmate and vscode-oniguruma (not installed). It implements the
// rule semantics VS Code uses — leftmost match wins, ties go to the earlier
// rule and to a begin/end rule's end pattern, captures nest, name and
// contentName stack — with JavaScript regular expressions. It refuses any
// grammar feature or Oniguruma-only regex syntax it does not model, so a
// passing test never hides a difference from the real engine.

export interface TextMateToken {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}

interface RawCapture {
  name?: string;
  patterns?: unknown;
}

export interface RawRule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  captures?: Record<string, RawCapture>;
  beginCaptures?: Record<string, RawCapture>;
  endCaptures?: Record<string, RawCapture>;
  patterns?: RawRule[];
  include?: string;
  applyEndPatternLast?: boolean | number;
}

export interface RawGrammar {
  scopeName: string;
  patterns: RawRule[];
  repository?: Record<string, RawRule>;
  injections?: unknown;
}

interface MatchRule {
  kind: 'match';
  regex: RegExp;
  names: string[];
  captures: Map<number, string[]>;
}

interface BeginEndRule {
  kind: 'beginEnd';
  begin: RegExp;
  end: RegExp;
  names: string[];
  contentNames: string[];
  beginCaptures: Map<number, string[]>;
  endCaptures: Map<number, string[]>;
  endLast: boolean;
  raw: RawRule;
  patterns?: CompiledRule[];
}

type CompiledRule = MatchRule | BeginEndRule;

interface Frame {
  rule: BeginEndRule;
  /** Scopes of the begin and end matches (with the rule's name), and of the text between them (with its contentName). */
  named: string[];
  content: string[];
  enteredAt: number;
  enteredEmpty: boolean;
}

/** The rule stack carried from one line to the next. */
export type LineState = readonly Frame[];

const splitScopes = (name: string | undefined): string[] => (name ? name.split(/\s+/).filter(Boolean) : []);

/**
 * Regex syntax that Oniguruma and JavaScript read differently (or that one
 * of them rejects). Empty when `source` means the same to both.
 */
export function portabilityProblems(source: string): string[] {
  const problems: string[] = [];
  try {
    new RegExp(source);
  } catch (error) {
    return [`does not compile as a JavaScript regex: ${(error as Error).message}`];
  }
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if ('AzZGhHKRXOpP'.includes(next)) problems.push(`\\${next} means something else (or nothing) in JavaScript`);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') problems.push('an unescaped `[` inside a character class starts a nested class in Oniguruma');
      else if (c === '&' && source[i + 1] === '&') problems.push('`&&` inside a character class is an intersection in Oniguruma');
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') i++; // `[]...]`: a leading `]` is literal in Oniguruma only
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2);
      if (rest.startsWith('>')) problems.push('atomic groups `(?>` are Oniguruma-only');
      else if (/^[imx-]+[):]/.test(rest)) problems.push('inline options such as `(?i)` are Oniguruma-only');
      else if (rest.startsWith('<=') || rest.startsWith('<!')) {
        const body = lookbehindBody(source, i);
        const plain = body
          .replace(/\\./g, 'x')
          .replace(/\[[^\]]*\]/g, 'x')
          .replace(/\(\?[:=!]/g, '(');
        if (/[*+?]|\{\d*,\d*\}/.test(plain)) problems.push(`lookbehind \`${body}\` is not of fixed length, which Oniguruma requires`);
      }
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && source[i + 1] === '+') problems.push('possessive quantifiers are Oniguruma-only');
  }
  return problems;
}

function lookbehindBody(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '\\') {
      i++;
      continue;
    }
    if (source[i] === '(') depth++;
    if (source[i] === ')' && --depth === 0) return source.slice(open + 4, i);
  }
  return source.slice(open + 4);
}

function compile(source: string, where: string): RegExp {
  const problems = portabilityProblems(source);
  if (problems.length > 0) throw new Error(`${where}: regex ${JSON.stringify(source)}: ${problems.join('; ')}`);
  return new RegExp(source, 'dg');
}

function compileCaptures(captures: Record<string, RawCapture> | undefined, where: string): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const [key, capture] of Object.entries(captures ?? {})) {
    if (capture.patterns !== undefined) throw new Error(`${where}: capture patterns are not supported by the test engine`);
    result.set(Number(key), splitScopes(capture.name));
  }
  return result;
}

export class TextMateGrammar {
  readonly scopeName: string;
  private readonly repository: Record<string, RawRule>;
  private readonly compiled = new Map<RawRule, CompiledRule>();
  private readonly topLevel: CompiledRule[];

  constructor(private readonly raw: RawGrammar) {
    if (raw.injections !== undefined) throw new Error('grammar injections are not supported by the test engine');
    this.scopeName = raw.scopeName;
    this.repository = raw.repository ?? {};
    this.topLevel = this.flatten(raw.patterns, 'patterns', new Set());
  }

  /** Every rule reachable from the top level, compiled: throws on anything the engine cannot model. */
  checkAllRules(): void {
    const seen = new Set<CompiledRule>();
    const visit = (rules: CompiledRule[]) => {
      for (const rule of rules) {
        if (seen.has(rule)) continue;
        seen.add(rule);
        if (rule.kind === 'beginEnd') visit(this.patternsOf(rule));
      }
    };
    visit(this.topLevel);
  }

  private flatten(rules: RawRule[], where: string, including: Set<string>): CompiledRule[] {
    const out: CompiledRule[] = [];
    rules.forEach((rule, index) => {
      const here = `${where}[${index}]`;
      if (rule.include !== undefined) {
        if (rule.include === '$self' || rule.include === '$base') {
          out.push(...this.flatten(this.raw.patterns, 'patterns', including));
          return;
        }
        if (!rule.include.startsWith('#')) throw new Error(`${here}: include of another grammar (${rule.include}) is not supported`);
        const key = rule.include.slice(1);
        const target = this.repository[key];
        if (!target) throw new Error(`${here}: include of a missing repository rule ${rule.include}`);
        if (including.has(key)) return; // a container that includes itself adds nothing new
        out.push(...this.flatten([target], `repository.${key}`, new Set([...including, key])));
        return;
      }
      if (rule.match === undefined && rule.begin === undefined) {
        if (rule.while !== undefined) throw new Error(`${here}: begin/while rules are not supported`);
        out.push(...this.flatten(rule.patterns ?? [], `${here}.patterns`, including));
        return;
      }
      out.push(this.compileRule(rule, here));
    });
    return out;
  }

  private compileRule(rule: RawRule, where: string): CompiledRule {
    const known = this.compiled.get(rule);
    if (known) return known;
    let compiled: CompiledRule;
    if (rule.match !== undefined) {
      compiled = { kind: 'match', regex: compile(rule.match, where), names: splitScopes(rule.name), captures: compileCaptures(rule.captures, where) };
    } else {
      if (rule.while !== undefined) throw new Error(`${where}: begin/while rules are not supported`);
      if (rule.end === undefined) throw new Error(`${where}: a begin rule without an end`);
      if (/\\[1-9]/.test(rule.end)) throw new Error(`${where}: back-references from end to begin are not supported`);
      compiled = {
        kind: 'beginEnd',
        begin: compile(rule.begin as string, `${where}.begin`),
        end: compile(rule.end, `${where}.end`),
        names: splitScopes(rule.name),
        contentNames: splitScopes(rule.contentName),
        beginCaptures: compileCaptures(rule.beginCaptures ?? rule.captures, where),
        endCaptures: compileCaptures(rule.endCaptures ?? rule.captures, where),
        endLast: Boolean(rule.applyEndPatternLast),
        raw: rule,
      };
    }
    this.compiled.set(rule, compiled);
    return compiled;
  }

  private patternsOf(rule: BeginEndRule): CompiledRule[] {
    return (rule.patterns ??= this.flatten(rule.raw.patterns ?? [], 'nested patterns', new Set()));
  }

  /** Tokenizes one line (without its line break), continuing from the state the previous line left. */
  tokenizeLine(line: string, state: LineState = []): { tokens: TextMateToken[]; state: LineState } {
    const stack = [...state];
    const scopesAt: string[][] = new Array(line.length);
    const fill = (from: number, to: number, scopes: string[]) => {
      for (let i = from; i < to && i < line.length; i++) scopesAt[i] = [...scopes];
    };
    const fillCaptures = (match: RegExpExecArray, captures: Map<number, string[]>) => {
      const keys = [...captures.keys()].sort((a, b) => a - b);
      for (const key of keys) {
        const range = match.indices?.[key];
        if (!range) continue;
        for (let i = range[0]; i < range[1] && i < line.length; i++) scopesAt[i].push(...(captures.get(key) ?? []));
      }
    };

    let pos = 0;
    while (pos <= line.length) {
      const top = stack[stack.length - 1];
      const content = top ? top.content : [this.scopeName];
      const rules = top ? this.patternsOf(top.rule) : this.topLevel;

      let best: { match: RegExpExecArray; rule: CompiledRule | 'end' } | undefined;
      const consider = (regex: RegExp, rule: CompiledRule | 'end') => {
        regex.lastIndex = pos;
        const match = regex.exec(line);
        if (match && (!best || match.index < best.match.index)) best = { match, rule };
      };
      if (top && !top.rule.endLast) consider(top.rule.end, 'end');
      for (const rule of rules) consider(rule.kind === 'match' ? rule.regex : rule.begin, rule);
      if (top && top.rule.endLast) consider(top.rule.end, 'end');

      if (!best) {
        fill(pos, line.length, content);
        break;
      }
      const { match, rule } = best;
      const start = match.index;
      const end = start + match[0].length;
      fill(pos, start, content);

      if (rule === 'end') {
        const frame = stack.pop() as Frame;
        fill(start, end, frame.named);
        fillCaptures(match, frame.rule.endCaptures);
        if (end === start && frame.enteredEmpty && frame.enteredAt === start) {
          // Pushed and popped without moving: the real engine gives up on the line here too.
          fill(start, line.length, content);
          break;
        }
      } else if (rule.kind === 'match') {
        const named = [...content, ...rule.names];
        fill(start, end, named);
        fillCaptures(match, rule.captures);
      } else {
        const named = [...content, ...rule.names];
        fill(start, end, named);
        fillCaptures(match, rule.beginCaptures);
        stack.push({ rule, named, content: [...named, ...rule.contentNames], enteredAt: start, enteredEmpty: end === start });
      }

      if (end > pos || rule === 'end' || rule.kind === 'beginEnd') pos = end;
      else {
        // An empty match that changes nothing: step over one character.
        fill(pos, pos + 1, content);
        pos += 1;
      }
    }

    const tokens: TextMateToken[] = [];
    for (let i = 0; i < line.length; i++) {
      const scopes = scopesAt[i];
      const last = tokens[tokens.length - 1];
      if (last && last.endIndex === i && last.scopes.join(' ') === scopes.join(' ')) last.endIndex = i + 1;
      else tokens.push({ startIndex: i, endIndex: i + 1, scopes });
    }
    return { tokens, state: stack };
  }

  /** Tokenizes a whole text, line by line. */
  tokenize(text: string): TextMateToken[][] {
    let state: LineState = [];
    return text.split(/\r\n|\n/).map((line) => {
      const result = this.tokenizeLine(line, state);
      state = result.state;
      return result.tokens;
    });
  }
}
