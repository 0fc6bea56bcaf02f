// The runtime side of augmentations (catalog augmentation entries): random,
// train-only changes to one example's value, drawing from the data
// pipeline's seeded generator so that every epoch is reproducible. Images are
// HWC Float32Arrays; positions moved in from outside an image are zeros.

import type { Random } from '../../data/random.js';
import type { ExampleValue } from '../../data/example.js';
import type { IrCall } from '../../ir/types.js';
import { RunError } from '../errors.js';

export type Augment = (value: ExampleValue, rng: Random) => ExampleValue;

interface ImageShape {
  h: number;
  w: number;
  c: number;
}

function imageShape(shape: number[]): ImageShape | undefined {
  if (shape.length === 3) return { h: shape[0], w: shape[1], c: shape[2] };
  if (shape.length === 2) return { h: shape[0], w: shape[1], c: 1 };
  return undefined;
}

function asFloats(v: ExampleValue): Float32Array {
  if (v instanceof Float32Array) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return Float32Array.of(Number(v));
  return Float32Array.from(v as ArrayLike<number>);
}

/** Samples the image at (y - dy, x - dx) for every pixel: a translation, zero outside. */
function shifted(src: Float32Array, s: ImageShape, dy: number, dx: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < s.h; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= s.h) continue;
    for (let x = 0; x < s.w; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= s.w) continue;
      const o = (y * s.w + x) * s.c;
      const i = (sy * s.w + sx) * s.c;
      for (let ch = 0; ch < s.c; ch++) out[o + ch] = src[i + ch];
    }
  }
  return out;
}

/** Rotation about the centre by `radians`, bilinear, zero outside. */
function rotated(src: Float32Array, s: ImageShape, radians: number): Float32Array {
  const out = new Float32Array(src.length);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const cy = (s.h - 1) / 2;
  const cx = (s.w - 1) / 2;
  const at = (y: number, x: number, ch: number) => (y < 0 || y >= s.h || x < 0 || x >= s.w ? 0 : src[(y * s.w + x) * s.c + ch]);
  for (let y = 0; y < s.h; y++) {
    for (let x = 0; x < s.w; x++) {
      // The source point that lands on (y, x).
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < s.c; ch++) {
        const v = at(y0, x0, ch) * (1 - fx) * (1 - fy) + at(y0, x0 + 1, ch) * fx * (1 - fy) + at(y0 + 1, x0, ch) * (1 - fx) * fy + at(y0 + 1, x0 + 1, ch) * fx * fy;
        out[(y * s.w + x) * s.c + ch] = v;
      }
    }
  }
  return out;
}

function flipped(src: Float32Array, s: ImageShape, horizontal: boolean, vertical: boolean): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < s.h; y++) {
    for (let x = 0; x < s.w; x++) {
      const sy = vertical ? s.h - 1 - y : y;
      const sx = horizontal ? s.w - 1 - x : x;
      for (let ch = 0; ch < s.c; ch++) out[(y * s.w + x) * s.c + ch] = src[(sy * s.w + sx) * s.c + ch];
    }
  }
  return out;
}

function num(call: IrCall, name: string, fallback: number): number {
  const v = call.args[name];
  return typeof v === 'number' ? v : fallback;
}

/** The runtime form of one augmentation call on a feature of per-example `shape`. */
export function runtimeAugmentation(call: IrCall, feature: string, shape: number[]): Augment {
  const p = num(call, 'p', 1);
  const img = imageShape(shape);
  const needImage = (): ImageShape => {
    if (!img) throw new RunError(`augmentation \`${call.op}\` of \`${feature}\` needs an image [height, width, channels], found [${shape.join(', ')}]`);
    return img;
  };
  const maybe = (f: Augment): Augment => (v, rng) => (p >= 1 || rng.float() < p ? f(v, rng) : v);
  switch (call.op) {
    case 'random_flip': {
      const s = needImage();
      const mode = call.args['mode'] ?? 'horizontal';
      return (v, rng) => {
        const h = (mode === 'horizontal' || mode === 'both') && rng.float() < p;
        const vt = (mode === 'vertical' || mode === 'both') && rng.float() < p;
        return h || vt ? flipped(asFloats(v), s, h, vt) : v;
      };
    }
    case 'random_shift':
    case 'random_crop': {
      // A crop of an image padded by `padding` is a shift by up to `padding` with zeros coming in.
      const s = needImage();
      const k = Math.round(num(call, call.op === 'random_shift' ? 'pixels' : 'padding', call.op === 'random_shift' ? 2 : 4));
      return maybe((v, rng) => shifted(asFloats(v), s, rng.int(2 * k + 1) - k, rng.int(2 * k + 1) - k));
    }
    case 'random_rotate': {
      const s = needImage();
      const degrees = num(call, 'degrees', 0);
      return maybe((v, rng) => rotated(asFloats(v), s, (rng.uniform(-degrees, degrees) * Math.PI) / 180));
    }
    case 'gaussian_noise': {
      const std = num(call, 'std', 0);
      return maybe((v, rng) => asFloats(v).map((x) => x + rng.normal(0, std)));
    }
    case 'random_mask': {
      const size = Math.round(num(call, 'size', 8));
      return maybe((v, rng) => {
        const out = Float32Array.from(asFloats(v));
        if (img && shape.length >= 2) {
          const y0 = rng.int(Math.max(1, img.h - size + 1));
          const x0 = rng.int(Math.max(1, img.w - size + 1));
          for (let y = y0; y < Math.min(img.h, y0 + size); y++) for (let x = x0; x < Math.min(img.w, x0 + size); x++) out.fill(0, (y * img.w + x) * img.c, (y * img.w + x + 1) * img.c);
        } else {
          const start = rng.int(Math.max(1, out.length - size + 1));
          out.fill(0, start, Math.min(out.length, start + size));
        }
        return out;
      });
    }
    case 'token_dropout': {
      const rate = num(call, 'p', 0.1);
      return (v, rng) => {
        const ids = Array.from(v as ArrayLike<number>);
        return Int32Array.from(ids, (id) => (id > 1 && rng.float() < rate ? 1 : id)) as unknown as ExampleValue;
      };
    }
    default:
      throw new RunError(`the runtime cannot apply the augmentation \`${call.op}\` yet`);
  }
}
