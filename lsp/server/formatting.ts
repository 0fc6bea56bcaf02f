// Formatting through the Kiln Prettier plugin (src/format/). A document with
// syntax errors is left as it is. Range formatting formats the whole document
// and keeps only the changed hunks that touch the range, so text outside it
// is never moved.

import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver/node.js';
import type { LineMap } from '../../src/diagnostics/span.js';

type FormatFn = (text: string, options: { filepath?: string; tabWidth?: number; useTabs?: boolean }) => Promise<string>;

let formatter: Promise<FormatFn | undefined> | undefined;

/** Loaded on first use: the formatter pulls in Prettier, which the rest of the server does not need. */
function loadFormatter(log: (m: string) => void): Promise<FormatFn | undefined> {
  return (formatter ??= import('../../src/format/format.js').then(
    (m) => (typeof m.formatKiln === 'function' ? (m.formatKiln as FormatFn) : undefined),
    (e: unknown) => {
      log(`formatting is unavailable: ${(e as Error).message}`);
      return undefined;
    },
  ));
}

async function formatted(text: string, file: string, options: FormattingOptions, log: (m: string) => void): Promise<string | undefined> {
  const format = await loadFormatter(log);
  if (!format) return undefined;
  try {
    return await format(text, { filepath: file, tabWidth: options.tabSize, useTabs: !options.insertSpaces });
  } catch {
    // Syntax errors: the diagnostics already say what is wrong; leave the text alone.
    return undefined;
  }
}

interface Hunk {
  /** Lines [from, to) of the original are replaced by `lines`. */
  from: number;
  to: number;
  lines: string[];
}

/** Line hunks turning `a` into `b` (a plain LCS; specs are small). */
function diffLines(a: string[], b: string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  if (A.length * B.length > 4_000_000) return [{ from: pre, to: a.length - suf, lines: B }];
  const lcs: number[][] = Array.from({ length: A.length + 1 }, () => new Array<number>(B.length + 1).fill(0));
  for (let i = A.length - 1; i >= 0; i--) for (let j = B.length - 1; j >= 0; j--) lcs[i][j] = A[i] === B[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | undefined;
  while (i < A.length || j < B.length) {
    if (i < A.length && j < B.length && A[i] === B[j]) {
      if (open) hunks.push(open);
      open = undefined;
      i++;
      j++;
    } else if (j < B.length && (i >= A.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open ??= { from: pre + i, to: pre + i, lines: [] };
      open.lines.push(B[j++]);
    } else {
      open ??= { from: pre + i, to: pre + i, lines: [] };
      i++;
      open.to = pre + i;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

function hunkEdit(h: Hunk, original: string[], eol: string): TextEdit {
  // Replace whole lines, line breaks included, so inserted and removed lines stay well formed.
  if (h.to < original.length) {
    return { range: { start: { line: h.from, character: 0 }, end: { line: h.to, character: 0 } }, newText: h.lines.map((l) => l + eol).join('') };
  }
  const last = original.length - 1;
  const end = { line: last, character: original[last].length };
  if (h.from > last) return { range: { start: end, end }, newText: eol + h.lines.join(eol) };
  return { range: { start: { line: h.from, character: 0 }, end }, newText: h.lines.join(eol) };
}

export async function formatDocument(text: string, file: string, options: FormattingOptions, log: (m: string) => void, range?: Range, lines?: LineMap): Promise<TextEdit[]> {
  const result = await formatted(text, file, options, log);
  if (result === undefined || result === text) return [];
  if (!range) {
    const end = lines ? lines.position(text.length) : { line: text.split('\n').length, column: 1 };
    return [{ range: { start: { line: 0, character: 0 }, end: { line: end.line - 1, character: end.column - 1 } }, newText: result }];
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const a = text.split(/\r?\n/);
  const b = result.split(/\r?\n/);
  return diffLines(a, b)
    .filter((h) => h.to >= range.start.line && h.from <= range.end.line)
    .map((h) => hunkEdit(h, a, eol));
}
