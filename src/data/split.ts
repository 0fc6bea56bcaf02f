// Seeded train/val/test splits of a stream. Rows are assigned by their index
// in the stream (per class when stratified), in blocks: the smallest block
// size B for which every fraction × B is whole (B ≤ 1000; else 1000 with
// largest-remainder rounding), and inside each block a seeded shuffle of the
// slots decides which index goes where. So each split gets its exact share of
// every complete block (of every class, when stratified), the assignment
// never depends on what comes later in the stream, and the same seed on the
// same rows gives the same split in every pass: a test row can never appear
// in train, in any epoch.

import type { ValidRow, Value } from './row.js';
import { DataError } from './errors.js';
import { Random, hashSeed } from './random.js';

export interface SplitSpec {
  /** Split name → fraction, in the order written; fractions must add up to 1. A 0 gives an empty split. */
  fractions: Record<string, number>;
  seed: number;
  /** Keep each value of this raw field (or of this key of a row) in the same
   *  proportions in every split. A function lets a runtime stratify by a
   *  feature, e.g. a class label computed from a raw field. */
  stratifyBy?: string | ((row: ValidRow) => unknown);
}

/** Why a split spec cannot work, or undefined: for the checker, before any data is read. */
export function checkSplitSpec(spec: SplitSpec): string | undefined {
  const entries = Object.entries(spec.fractions);
  if (entries.length === 0) return 'a split needs at least one part';
  for (const [name, f] of entries) {
    if (!(f >= 0 && f <= 1)) return `split "${name}": the fraction must be in [0, 1], found ${f}`;
  }
  const sum = entries.reduce((s, [, f]) => s + f, 0);
  if (Math.abs(sum - 1) > 1e-6) return `split fractions must add up to 1, found ${+sum.toFixed(6)}`;
  if (!Number.isInteger(spec.seed)) return `the split seed must be an integer, found ${spec.seed}`;
  return undefined;
}

const MAX_BLOCK = 1000;

/** The block size and how many slots of each block each split gets. */
export function blockLayout(fractions: number[]): { size: number; counts: number[] } {
  for (let size = 1; size <= MAX_BLOCK; size++) {
    if (fractions.every((f) => Math.abs(f * size - Math.round(f * size)) < 1e-6)) {
      return { size, counts: fractions.map((f) => Math.round(f * size)) };
    }
  }
  // Largest remainder: floors first, then the biggest remainders get one more.
  const exact = fractions.map((f) => f * MAX_BLOCK);
  const counts = exact.map(Math.floor);
  let missing = MAX_BLOCK - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (missing-- <= 0) break;
    counts[i]++;
  }
  return { size: MAX_BLOCK, counts };
}

function classKey(value: Value | undefined): string {
  if (value instanceof Float32Array) return `f${Array.prototype.join.call(value, ',')}`;
  return `${typeof value}:${String(value)}`;
}

/** Assigns rows to splits in stream order. One assigner per pass. */
export class SplitAssigner {
  private readonly names: string[];
  private readonly layout: { size: number; counts: number[] };
  private readonly seen = new Map<string, number>();
  private readonly blocks = new Map<string, { index: number; slots: Uint16Array }>();

  constructor(private readonly spec: SplitSpec) {
    const problem = checkSplitSpec(spec);
    if (problem) throw new DataError('config', problem);
    this.names = Object.keys(spec.fractions);
    this.layout = blockLayout(Object.values(spec.fractions));
  }

  get splitNames(): readonly string[] {
    return this.names;
  }

  assign(row: ValidRow): string {
    // One split takes every row: no blocks to draw.
    if (this.names.length === 1) return this.names[0];
    let key = '';
    const by = this.spec.stratifyBy;
    if (typeof by === 'function') key = classKey(by(row) as Value);
    else if (by !== undefined) {
      if (!(by in row.fields)) throw new DataError('config', `cannot stratify by "${by}": rows have no such field`, row.origin, by);
      key = classKey(row.fields[by]);
    }
    const index = this.seen.get(key) ?? 0;
    this.seen.set(key, index + 1);
    const blockIndex = Math.floor(index / this.layout.size);
    let block = this.blocks.get(key);
    if (!block || block.index !== blockIndex) {
      block = { index: blockIndex, slots: this.slots(key, blockIndex) };
      this.blocks.set(key, block);
    }
    return this.names[block.slots[index % this.layout.size]];
  }

  private slots(key: string, blockIndex: number): Uint16Array {
    const slots: number[] = [];
    this.layout.counts.forEach((count, split) => {
      for (let i = 0; i < count; i++) slots.push(split);
    });
    new Random(hashSeed(this.spec.seed, 'split', key, blockIndex)).shuffle(slots);
    return Uint16Array.from(slots);
  }
}

/** The rows of one split, streamed. */
export async function* takeSplit(rows: AsyncIterable<ValidRow>, spec: SplitSpec, split: string): AsyncGenerator<ValidRow> {
  if (!(split in spec.fractions)) {
    throw new DataError('config', `no split named "${split}": the splits are ${Object.keys(spec.fractions).join(', ')}`);
  }
  const assigner = new SplitAssigner(spec);
  for await (const row of rows) {
    if (assigner.assign(row) === split) yield row;
  }
}
