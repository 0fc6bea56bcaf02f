// Did-you-mean: the nearest valid name to a misspelling, by edit distance.
// Used wherever a name fails to resolve (parameters, catalog entries, choices).

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("desne" → "dense" is 1). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows are enough for the transposition case.
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m];
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo:
 * at most a third of the longer name's length (and at least 1) edits away.
 * Case differences alone always count as a match.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const limit = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    // The distance is at least the difference in length: skip the costly part.
    if (Math.abs(candidate.length - name.length) > Math.min(limit, bestDistance)) continue;
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "did you mean `x`?" or undefined, ready for a diagnostic's help line. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const s = suggest(name, candidates);
  return s === undefined ? undefined : `did you mean \`${s}\`?`;
}
