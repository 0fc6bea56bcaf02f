// Seeded randomness for tf.js. Weight initialisers and dropout draw their
// seeds from Math.random when none is given, so a run is reproducible only if
// Math.random is. While a seeded section runs (model building, a training
// step), Math.random is replaced by a counter-based generator: the n-th number
// is a hash of (seed, n), so the whole state is one counter, which a
// checkpoint stores and a resumed run restores.

import { hashSeed } from '../../data/random.js';

export interface RandomState {
  seed: number;
  counter: number;
}

export class SeededRandom {
  private counter: number;

  constructor(
    readonly seed: number,
    counter = 0,
  ) {
    this.counter = counter;
  }

  static restore(state: RandomState): SeededRandom {
    return new SeededRandom(state.seed, state.counter);
  }

  /** Continues from a saved state (same seed expected). */
  restoreFrom(state: RandomState): void {
    this.counter = state.counter;
  }

  get state(): RandomState {
    return { seed: this.seed, counter: this.counter };
  }

  /** Uniform in [0, 1), never exactly 0 (tf.js treats a 0 seed as "no seed"). */
  next(): number {
    const hi = hashSeed(this.seed, this.counter, 'hi');
    const lo = hashSeed(this.seed, this.counter, 'lo');
    this.counter++;
    const x = (hi * 0x200000 + (lo >>> 11)) / 2 ** 53;
    return x === 0 ? 2 ** -53 : x;
  }

  /** Runs `fn` (synchronous) with Math.random drawing from this generator. */
  run<T>(fn: () => T): T {
    const original = Math.random;
    Math.random = () => this.next();
    try {
      return fn();
    } finally {
      Math.random = original;
    }
  }

  /** The same for an async section: only safe when nothing else draws from Math.random meanwhile. */
  async runAsync<T>(fn: () => Promise<T>): Promise<T> {
    const original = Math.random;
    Math.random = () => this.next();
    try {
      return await fn();
    } finally {
      Math.random = original;
    }
  }
}
