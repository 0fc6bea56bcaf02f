// Seeded random mutations of Kiln source, shared by the fuzz tests of the
// front end and of the formatter.

import { lex } from '../../grammar/lexer.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): () => number {
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

export type Mutation = (text: string, r: () => number) => string;

export const pick = <T,>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

function tokenBounds(text: string): [number, number][] {
  return lex(text).tokens.map((t) => [t.startOffset, t.endOffset! + 1]);
}

export const mutations: Record<string, Mutation> = {
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


/** One to three random mutations of `text`, and their names. */
export function mutate(text: string, r: () => number): { text: string; applied: string[] } {
  const rounds = 1 + Math.floor(r() * 3);
  const applied: string[] = [];
  for (let k = 0; k < rounds; k++) {
    const [name, m] = pick(Object.entries(mutations), r);
    applied.push(name);
    text = m(text, r);
  }
  return { text, applied };
}
