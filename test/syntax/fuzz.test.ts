// Seeded fuzzing of the whole front end: random mutations of every example
// (deleted, duplicated and inserted tokens, truncation, random bytes,
// unbalanced brackets, very long lines, deep nesting). Nothing may throw, and
// every diagnostic's span must lie inside its file.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Program, diskHost, type ProgramHost } from '../../src/analysis/program.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import { checkFile } from '../../src/check/check.js';
import { lex } from '../../grammar/lexer.js';
import { repoRoot } from '../helpers/cli.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fragments = ['(', ')', '[', ']', '{', '}', '|>', '->', '<-', ',', ':', '=', '.', '..', 'model', 'let', 'repeat', 'residual(', 'then', '"', '/*', '*/', '//', '3e-4', '10_000', '500 steps', 'f32[', 'dense(', 'x', '\n', '\t', '\u0000', '€', '🙂', '\r\n'];

type Mutation = (text: string, r: () => number) => string;

const pick = <T,>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

function tokenBounds(text: string): [number, number][] {
  return lex(text).tokens.map((t) => [t.startOffset, t.endOffset! + 1]);
}

const mutations: Record<string, Mutation> = {
  deleteToken(text, r) {
    const toks = tokenBounds(text);
    if (!toks.length) return text;
    const [s, e] = pick(toks, r);
    return text.slice(0, s) + text.slice(e);
  },
  duplicateToken(text, r) {
    const toks = tokenBounds(text);
    if (!toks.length) return text;
    const [s, e] = pick(toks, r);
    return text.slice(0, e) + ' ' + text.slice(s, e) + text.slice(e);
  },
  insertFragment(text, r) {
    const at = Math.floor(r() * (text.length + 1));
    return text.slice(0, at) + pick(fragments, r) + text.slice(at);
  },
  truncate(text, r) {
    return text.slice(0, Math.floor(r() * text.length));
  },
  randomBytes(text, r) {
    const at = Math.floor(r() * (text.length + 1));
    const bytes = Array.from({ length: 1 + Math.floor(r() * 8) }, () => String.fromCharCode(Math.floor(r() * 0xffff)));
    return text.slice(0, at) + bytes.join('') + text.slice(at);
  },
  unbalance(text, r) {
    const opens = [...text.matchAll(/[([{]/g)].map((m) => m.index!);
    if (!opens.length) return text + '(';
    const at = pick(opens, r);
    return text.slice(0, at) + text.slice(at + 1);
  },
  longLine(text, r) {
    const at = Math.floor(r() * (text.length + 1));
    return text.slice(0, at) + ' |> dense(1)'.repeat(2_000) + text.slice(at);
  },
  deepNesting(text, r) {
    const depth = 200 + Math.floor(r() * 2_000);
    const open = pick(['(', '[', '{', 'repeat 2 {', 'residual('], r);
    return `${text}\nmodel deep(x: f32[1]) -> f32[1] { x |> ${open.repeat(depth)} }`;
  },
};

const examplesDir = path.join(repoRoot, 'examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.kiln'))
  .map((f) => ({ name: f, text: readFileSync(path.join(examplesDir, f), 'utf8') }));

/** Analyses one mutated file through the whole front end, in memory. */
function analyse(name: string, text: string) {
  const file = path.join(examplesDir, `fuzz-${name}`);
  const host: ProgramHost = {
    read: (f) => (f === file ? { text } : diskHost.read(f)),
  };
  const program = new Program([file], { root: repoRoot, host, builtins: catalogBuiltins(), checker: checkFile });
  return { program, file };
}

const CASES_PER_EXAMPLE = 400;

describe('fuzz', () => {
  for (const example of examples) {
    it(`mutations of ${example.name} never throw and keep spans inside the file`, () => {
      const r = rng(0x6b696c6e ^ example.name.length);
      for (let i = 0; i < CASES_PER_EXAMPLE; i++) {
        let text = example.text;
        const rounds = 1 + Math.floor(r() * 3);
        const applied: string[] = [];
        for (let k = 0; k < rounds; k++) {
          const [mname, m] = pick(Object.entries(mutations), r);
          applied.push(mname);
          text = m(text, r);
        }
        let result;
        try {
          result = analyse(example.name, text);
        } catch (e) {
          throw new Error(`case ${i} (${applied.join(', ')}) threw: ${(e as Error).stack}`);
        }
        for (const d of result.program.allDiagnostics()) {
          const length = d.span.file === result.file ? text.length : Infinity;
          expect(d.span.start, `case ${i} (${applied.join(', ')}): ${d.code}`).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }
    });
  }
});
