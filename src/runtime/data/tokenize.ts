// `tokenize(mode, vocab, max_len, min_freq, padding)`: text → i32[max_len].
// The vocabulary is fitted on the training split only: the `vocab - 2` most
// frequent tokens seen at least `min_freq` times (ties in token order, so a
// vocabulary never depends on row order), after id 0 for padding and id 1
// for tokens outside it. The fitted vocabulary is plain JSON (vocab.json in
// the run folder), and `tokenizerFromVocabulary` rebuilds the same transform
// from it for inference.

import type { IrCall } from '../../ir/types.js';
import type { ApplyFn, FeatureValue, Fitter } from './transforms.js';

export const PAD_ID = 0;
export const OOV_ID = 1;
export const PAD_TOKEN = '<pad>';
export const OOV_TOKEN = '<unk>';

export interface TokenizeSettings {
  mode: 'word' | 'char';
  vocab: number;
  maxLen: number;
  minFreq: number;
  padding: 'post' | 'pre';
}

/** A fitted vocabulary as saved: `tokens[id]` is the token with that id. */
export interface SavedVocabulary {
  mode: 'word' | 'char';
  max_len: number;
  padding: 'post' | 'pre';
  min_freq: number;
  tokens: string[];
}

export function tokenizeSettings(call: IrCall): TokenizeSettings {
  const a = call.args;
  const int = (name: string, fallback: number) => (typeof a[name] === 'number' ? Math.max(1, Math.floor(a[name] as number)) : fallback);
  return {
    mode: a['mode'] === 'char' ? 'char' : 'word',
    vocab: Math.max(3, int('vocab', 10000)),
    maxLen: int('max_len', 64),
    minFreq: int('min_freq', 1),
    padding: a['padding'] === 'pre' ? 'pre' : 'post',
  };
}

// Words are runs of letters and digits, with inner apostrophes (don't); everything else separates them.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Splits text into tokens, in order. */
export function splitTokens(text: string, mode: 'word' | 'char'): string[] {
  if (mode === 'char') return Array.from(text);
  return text.match(WORD) ?? [];
}

function expectText(v: FeatureValue): string {
  if (typeof v !== 'string') throw new Error(`tokenize() expects text, found ${v === null ? 'a missing value' : typeof v === 'object' ? 'numbers' : typeof v}`);
  return v;
}

/** Token ids of `text`, cut and padded to `maxLen`. */
function encode(text: string, ids: ReadonlyMap<string, number>, s: Pick<TokenizeSettings, 'mode' | 'maxLen' | 'padding'>): Int32Array {
  const tokens = splitTokens(text, s.mode);
  const out = new Int32Array(s.maxLen); // zeros: PAD_ID
  const n = Math.min(tokens.length, s.maxLen);
  // `post` keeps the start of the text and pads after it; `pre` keeps the end and pads before.
  const first = s.padding === 'pre' ? tokens.length - n : 0;
  const at = s.padding === 'pre' ? s.maxLen - n : 0;
  for (let i = 0; i < n; i++) out[at + i] = ids.get(tokens[first + i]) ?? OOV_ID;
  return out;
}

function tokenizer(saved: SavedVocabulary): ApplyFn {
  const ids = new Map<string, number>();
  saved.tokens.forEach((t, i) => {
    if (i > OOV_ID) ids.set(t, i);
  });
  const s = { mode: saved.mode, maxLen: saved.max_len, padding: saved.padding };
  return (v) => encode(expectText(v), ids, s);
}

/** The tokenize transform, rebuilt from a saved vocabulary. */
export function tokenizerFromVocabulary(saved: SavedVocabulary): ApplyFn {
  return tokenizer(saved);
}

export function isSavedVocabulary(x: unknown): x is SavedVocabulary {
  const v = x as SavedVocabulary;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.mode === 'word' || v.mode === 'char') &&
    Number.isInteger(v.max_len) &&
    v.max_len > 0 &&
    (v.padding === 'post' || v.padding === 'pre') &&
    Array.isArray(v.tokens) &&
    v.tokens.length >= 2 &&
    v.tokens.every((t) => typeof t === 'string')
  );
}

/** Counts tokens over the training split, then keeps the most frequent. */
export function vocabularyFitter(settings: TokenizeSettings): Fitter & { vocabulary(): SavedVocabulary } {
  const counts = new Map<string, number>();
  let saved: SavedVocabulary | undefined;
  const build = (): SavedVocabulary => {
    const kept = [...counts].filter(([, n]) => n >= settings.minFreq);
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const tokens = [PAD_TOKEN, OOV_TOKEN, ...kept.slice(0, settings.vocab - 2).map(([t]) => t)];
    return { mode: settings.mode, max_len: settings.maxLen, padding: settings.padding, min_freq: settings.minFreq, tokens };
  };
  return {
    observe(v) {
      for (const t of splitTokens(expectText(v), settings.mode)) counts.set(t, (counts.get(t) ?? 0) + 1);
    },
    finish() {
      saved = build();
      counts.clear();
      return tokenizer(saved);
    },
    vocabulary() {
      return (saved ??= build());
    },
  };
}
