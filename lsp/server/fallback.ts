// Answers from the last good analysis while a file has syntax errors. Recovery
// keeps most features working, but a broken declaration loses its inferred
// shapes and part of its tree; where the current analysis has no answer, the
// last analysis without syntax errors may, provided the position lies outside
// the text that changed since (so it means the same thing in both texts).

import type { FileAnalysis } from '../../src/analysis/program.js';

/** Maps offsets between the current text and an older one: equal outside the one region that differs. */
export interface OffsetMap {
  /** The offset in the older text, or undefined inside the changed region. */
  toOld(offset: number): number | undefined;
  toNew(offset: number): number | undefined;
}

export function offsetMap(current: string, old: string): OffsetMap {
  const shortest = Math.min(current.length, old.length);
  let prefix = 0;
  while (prefix < shortest && current.charCodeAt(prefix) === old.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && current.charCodeAt(current.length - 1 - suffix) === old.charCodeAt(old.length - 1 - suffix)) suffix++;
  const delta = current.length - old.length;
  return {
    toOld: (offset) => (offset <= prefix ? offset : offset >= current.length - suffix ? offset - delta : undefined),
    toNew: (offset) => (offset <= prefix ? offset : offset >= old.length - suffix ? offset + delta : undefined),
  };
}

/**
 * `ask(current, offset)`, or when that has no answer and `good` exists, the
 * answer `ask(good, mapped offset)` gives, passed through `remap` so that
 * whatever positions it holds refer to the current text (undefined: drop it).
 */
export function withFallback<R>(
  current: FileAnalysis,
  good: FileAnalysis | undefined,
  offset: number,
  ask: (file: FileAnalysis, offset: number) => R,
  empty: (r: R) => boolean,
  remap: (r: R, map: OffsetMap) => R | undefined = (r) => r,
): R {
  const answer = ask(current, offset);
  if (!good || !empty(answer)) return answer;
  const map = offsetMap(current.source.text, good.source.text);
  const old = map.toOld(offset);
  if (old === undefined) return answer;
  const fallback = ask(good, old);
  if (empty(fallback)) return answer;
  return remap(fallback, map) ?? answer;
}
