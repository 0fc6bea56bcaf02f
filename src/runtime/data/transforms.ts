// The runtime side of per-feature transforms (catalog TransformEntries): what
// each does to one example's value. Fitted transforms (standardize, the class
// vocabulary of a text label) first observe the training split, and only it,
// so no statistic ever leaks from validation or test data.

import type { IrCall } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { valueTable } from './expression.js';
import { applyHeaderStats } from './header-stats.js';
import { resizeBilinear } from './resize.js';
import { isSavedVocabulary, tokenizeSettings, tokenizerFromVocabulary, vocabularyFitter } from './tokenize.js';

/** A feature value while it is being transformed. */
export type FeatureValue = string | number | boolean | Float32Array | Int32Array | null;

export type ApplyFn = (v: FeatureValue) => FeatureValue;

/** Where a fitted transform's state is saved in the run folder: vocab.json (vocabularies) or stats.json (everything else). */
export type FittedFile = 'vocab' | 'stats';

/** A transform that needs statistics: it observes the training split, then becomes an ApplyFn. */
export interface Fitter {
  observe(v: FeatureValue): void;
  finish(): ApplyFn;
  /** After finish: the fitted state as plain JSON, so that inference can rebuild the same transform. */
  saved?(): unknown;
}

export type RuntimeTransform =
  | { kind: 'plain'; apply: ApplyFn }
  | {
      kind: 'fitted';
      fitter: () => Fitter;
      file: FittedFile;
      /** The transform again from its saved state; undefined when the state does not fit it. */
      restore(saved: unknown): ApplyFn | undefined;
    };

function numeric(v: FeatureValue, op: string): number | Float32Array {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Float32Array) return v;
  if (v instanceof Int32Array) return Float32Array.from(v);
  throw new Error(`${op}() expects numbers, found ${v === null ? 'a missing value' : `the text "${String(v).slice(0, 40)}"`}`);
}

function mapValues(v: number | Float32Array, f: (x: number, i: number) => number): number | Float32Array {
  if (typeof v === 'number') return f(v, 0);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = f(v[i], i);
  return out;
}

function floats(x: unknown): number[] | undefined {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x) && x.every((e) => typeof e === 'number')) return x as number[];
  return undefined;
}

/** Per-channel parameter: one value for all, or one per entry of the last dimension. */
function perChannel(values: number[], channels: number): (i: number) => number {
  if (values.length <= 1) return () => values[0] ?? 0;
  return (i) => values[i % channels];
}

function lastDimOf(shape: number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1];
}

function textOp(f: (s: string) => string, op: string): RuntimeTransform {
  return {
    kind: 'plain',
    apply: (v) => {
      if (typeof v !== 'string') throw new Error(`${op}() expects text`);
      return f(v);
    },
  };
}

/** Standardize: mean and deviation per element position, over the training split (Welford's update). */
function standardizeFitter(): Fitter {
  let n = 0;
  let mean: Float64Array | undefined;
  let m2: Float64Array | undefined;
  let scalar = true;
  return {
    observe(v) {
      const x = numeric(v, 'standardize');
      const values = typeof x === 'number' ? [x] : x;
      scalar = typeof x === 'number';
      if (!mean || !m2) {
        mean = new Float64Array(values.length);
        m2 = new Float64Array(values.length);
      }
      n++;
      for (let i = 0; i < mean.length; i++) {
        const d = values[i] - mean[i];
        mean[i] += d / n;
        m2[i] += d * (values[i] - mean[i]);
      }
    },
    finish() {
      if (!mean || !m2 || n === 0) throw new RunError('standardize() has no training examples to measure');
      return standardizer(Array.from(mean), Array.from(m2, (s) => Math.sqrt(s / n) || 1));
    },
    saved() {
      return { mean: Array.from(mean ?? []), std: Array.from(m2 ?? [], (s) => Math.sqrt(s / n) || 1), examples: n };
    },
  };
}

function standardizer(mu: number[], sd: number[]): ApplyFn {
  return (v) => {
    const x = numeric(v, 'standardize');
    if (typeof x === 'number') return (x - mu[0]) / sd[0];
    return mapValues(x, (e, i) => (e - mu[i % mu.length]) / sd[i % sd.length]);
  };
}

function restoreStandardize(saved: unknown): ApplyFn | undefined {
  const s = saved as { mean?: unknown; std?: unknown } | null;
  const ok = (a: unknown): a is number[] => Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === 'number');
  return s && ok(s.mean) && ok(s.std) && s.mean.length === s.std.length ? standardizer(s.mean, s.std) : undefined;
}

function imageSize(shape: number[], op: string): { height: number; width: number; channels: number } {
  if (shape.length === 3) return { height: shape[0], width: shape[1], channels: shape[2] };
  if (shape.length === 2) return { height: shape[0], width: shape[1], channels: 1 };
  throw new RunError(`${op}() needs an image [height, width, channels], found [${shape.join(', ')}]`);
}

/**
 * The runtime form of a transform call. `shape` is the per-example shape the
 * transform receives (for per-channel arguments).
 */
export function runtimeTransform(call: IrCall, shape: number[], toClassLabel = false): RuntimeTransform {
  const args = call.args;
  switch (call.op) {
    case 'scale': {
      const factor = typeof args['factor'] === 'number' ? args['factor'] : 1;
      return { kind: 'plain', apply: (v) => mapValues(numeric(v, 'scale'), (x) => x * factor) };
    }
    case 'normalize': {
      const mean = floats(args['mean']) ?? [0];
      const std = floats(args['std']) ?? [1];
      const c = lastDimOf(shape);
      const m = perChannel(mean, c);
      const s = perChannel(std, c);
      return { kind: 'plain', apply: (v) => mapValues(numeric(v, 'normalize'), (x, i) => (x - m(i)) / s(i)) };
    }
    case 'standardize':
      return { kind: 'fitted', fitter: standardizeFitter, file: 'stats', restore: restoreStandardize };
    case 'tokenize': {
      const settings = tokenizeSettings(call);
      return {
        kind: 'fitted',
        file: 'vocab',
        fitter: () => {
          const f = vocabularyFitter(settings);
          return { observe: f.observe, finish: f.finish, saved: f.vocabulary };
        },
        restore: (saved) => (isSavedVocabulary(saved) && saved.max_len === settings.maxLen && saved.mode === settings.mode ? tokenizerFromVocabulary(saved) : undefined),
      };
    }
    case 'header_stats':
      return { kind: 'plain', apply: applyHeaderStats };
    case 'resize': {
      const from = imageSize(shape, 'resize');
      const height = typeof args['height'] === 'number' ? args['height'] : from.height;
      const width = typeof args['width'] === 'number' ? args['width'] : from.width;
      const per = from.height * from.width * from.channels;
      return {
        kind: 'plain',
        apply: (v) => {
          const x = numeric(v, 'resize');
          if (typeof x === 'number' || x.length !== per) throw new Error(`resize() expects an image of ${from.height}×${from.width}×${from.channels} values, found ${typeof x === 'number' ? 1 : x.length}`);
          return resizeBilinear(x, from, height, width);
        },
      };
    }
    case 'map': {
      const table = valueTable(args['fn'] ?? args['values']);
      return {
        kind: 'plain',
        apply: (v) => {
          const key = v === null ? 'null' : typeof v === 'object' ? undefined : String(v);
          const mapped = key === undefined ? undefined : table.get(key);
          if (mapped === undefined) throw new Error(`map(): no value for ${key === undefined ? 'an array' : JSON.stringify(key)} (the map has ${[...table.keys()].map((k) => JSON.stringify(k)).join(', ')})`);
          return mapped;
        },
      };
    }
    case 'one_hot': {
      const given = args['classes'];
      if (Array.isArray(given)) {
        // Named classes: `species |> one_hot(classes: ["setosa", …])`. Into a `class[n]` label the name becomes its id.
        const names = given.map(String);
        const ids = new Map(names.map((n, i) => [n, i]));
        return {
          kind: 'plain',
          apply: (v) => {
            const id = ids.get(String(v));
            if (id === undefined) throw new Error(`one_hot(): "${String(v)}" is not one of the classes ${names.join(', ')}`);
            if (toClassLabel) return id;
            const out = new Float32Array(names.length);
            out[id] = 1;
            return out;
          },
        };
      }
      const k = typeof given === 'number' ? given : undefined;
      return {
        kind: 'plain',
        apply: (v) => {
          const x = numeric(v, 'one_hot');
          const ids = typeof x === 'number' ? [x] : Array.from(x);
          const classes = k ?? 0;
          if (toClassLabel && typeof x === 'number') return x;
          if (classes <= 0) throw new Error('one_hot() needs the number of classes');
          const out = new Float32Array(ids.length * classes);
          ids.forEach((id, i) => {
            if (!Number.isInteger(id) || id < 0 || id >= classes) throw new Error(`one_hot(): id ${id} is outside [0, ${classes})`);
            out[i * classes + id] = 1;
          });
          return out;
        },
      };
    }
    case 'lowercase':
      return textOp((s) => s.toLowerCase(), 'lowercase');
    case 'strip_punctuation':
      return textOp((s) => s.replace(/[^\p{L}\p{N}\s]/gu, ''), 'strip_punctuation');
    case 'strip_html':
      return textOp((s) => s.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' '), 'strip_html');
    case 'strip_headers':
      return textOp((s) => {
        const i = s.search(/\r?\n\r?\n/);
        return i < 0 ? s : s.slice(i).replace(/^\s+/, '');
      }, 'strip_headers');
    case 'truncate':
    case 'pad': {
      const len = typeof args['len'] === 'number' ? args['len'] : 0;
      const value = typeof args['value'] === 'number' ? args['value'] : 0;
      const pre = args['side'] === 'pre';
      return {
        kind: 'plain',
        apply: (v) => {
          const x = numeric(v, call.op);
          const seq = typeof x === 'number' ? Float32Array.of(x) : x;
          if (call.op === 'truncate') return seq.length <= len ? seq : pre ? seq.slice(seq.length - len) : seq.slice(0, len);
          if (seq.length > len) throw new Error(`pad(${len}): the sequence has ${seq.length} elements`);
          const out = new Float32Array(len).fill(value);
          out.set(seq, pre ? len - seq.length : 0);
          return out;
        },
      };
    }
    default:
      throw new RunError(`the runtime cannot apply the transform \`${call.op}\` yet`);
  }
}

/**
 * A `class[n]` label from its raw value: integers are class ids as they are;
 * text labels are numbered in sorted order of the names seen in the training
 * split (a name not seen there is a bad row).
 */
export function classLabelFitter(feature: string, classes: number): Fitter {
  const names = new Set<string>();
  let text = false;
  return {
    observe(v) {
      if (typeof v === 'string') {
        text = true;
        names.add(v);
      }
    },
    finish() {
      const sorted = [...names].sort();
      if (text && sorted.length > classes) {
        throw new RunError(`feature \`${feature}\` is declared class[${classes}], but the training split has ${sorted.length} distinct labels: ${sorted.slice(0, 12).join(', ')}${sorted.length > 12 ? ', …' : ''}`);
      }
      return classLabels(feature, classes, sorted);
    },
    saved() {
      // Integer labels are their own ids: only text labels have names to remember.
      return text ? { classes: [...names].sort() } : undefined;
    },
  };
}

/** A class label fitter's transform again, from its saved class names. */
export function restoreClassLabels(feature: string, classes: number, saved: unknown): ApplyFn | undefined {
  // Nothing saved: the labels were integer ids, which need no names.
  if (saved === undefined) return classLabels(feature, classes, []);
  const names = (saved as { classes?: unknown } | null)?.classes;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string') || names.length > classes) return undefined;
  return classLabels(feature, classes, names as string[]);
}

function classLabels(feature: string, classes: number, sorted: string[]): ApplyFn {
  const ids = new Map(sorted.map((s, i) => [s, i]));
  return (v) => {
    if (typeof v === 'string') {
      const id = ids.get(v);
      if (id === undefined) throw new Error(`label "${v}" of \`${feature}\` does not occur in the training split`);
      return id;
    }
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= classes) {
      throw new Error(`label of \`${feature}\` must be a class id in [0, ${classes}), found ${String(v)}`);
    }
    return n;
  };
}
