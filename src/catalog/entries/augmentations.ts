// Augmentations: random, train-split-only transforms written in a data
// block's `augment { ... }`. None changes a feature's type, so evaluation
// sees the same shapes as training.

import type { TensorType } from '../../types/tensor.js';
import type { ParamSpec, TransformEntry } from '../entry.js';
import { expectDtype, expectFloat, expectRank } from '../rules.js';
import { probabilityParam } from './common-params.js';

const image = (callee: string) => (x: TensorType) =>
  expectFloat(callee, x) ?? expectRank(callee, x, [2, 3], 'an image f32[height, width, channels]') ?? { dtype: x.dtype, dims: [...x.dims] };

function augmentation(name: string, doc: string, params: ParamSpec[], example: string, shape: TransformEntry['shape']): TransformEntry {
  return { name, kind: 'augmentation', doc, params, example, shape };
}

export const randomFlip = augmentation(
  'random_flip',
  'Mirrors an image horizontally, vertically or either, with probability `p`.',
  [{ name: 'mode', type: { oneOf: ['horizontal', 'vertical', 'both'] }, required: false, default: 'horizontal', doc: 'Which axis to mirror across.' }, probabilityParam(0.5)],
  'image |> random_flip()',
  image('random_flip'),
);

export const randomShift = augmentation(
  'random_shift',
  'Shifts an image by up to `pixels` pixels in each direction (filling with zeros), with probability `p`.',
  [{ name: 'pixels', type: 'int', required: false, default: 2, range: { min: 1 }, doc: 'Largest shift, in pixels.' }, probabilityParam(1)],
  'image |> random_shift(2)',
  image('random_shift'),
);

export const randomCrop = augmentation(
  'random_crop',
  'Pads an image by `padding` pixels on every side, then crops a random window of the original size, with probability `p`.',
  [{ name: 'padding', type: 'int', required: false, default: 4, range: { min: 1 }, doc: 'Padding added before cropping, in pixels.' }, probabilityParam(1)],
  'image |> random_crop(4)',
  image('random_crop'),
);

export const randomRotate = augmentation(
  'random_rotate',
  'Rotates an image by a random angle in [−degrees, degrees], with probability `p`.',
  [{ name: 'degrees', type: 'float', required: true, range: { min: 0, max: 180, minInclusive: false }, doc: 'Largest rotation, in degrees.' }, probabilityParam(1)],
  'image |> random_rotate(15)',
  image('random_rotate'),
);

export const gaussianNoise = augmentation(
  'gaussian_noise',
  'Adds noise drawn from a normal distribution with standard deviation `std` to every value, with probability `p`.',
  [{ name: 'std', type: 'float', required: true, range: { min: 0, minInclusive: false }, doc: 'Standard deviation of the noise.' }, probabilityParam(1)],
  'measurements |> gaussian_noise(0.05)',
  (x) => expectFloat('gaussian_noise', x) ?? { dtype: 'f32', dims: [...x.dims] },
);

export const randomMask = augmentation(
  'random_mask',
  'With probability `p`, zeroes a random square patch of `size` × `size` pixels of an image (cutout), or a random span of `size` positions of a sequence.',
  [{ name: 'size', type: 'int', required: false, default: 8, range: { min: 1 }, doc: 'Side of the patch, or length of the span.' }, probabilityParam(0.5)],
  'image |> random_mask(8)',
  (x) => expectRank('random_mask', x, [1, 2, 3], 'a sequence or an image') ?? { dtype: x.dtype, dims: [...x.dims] },
);

export const tokenDropout = augmentation(
  'token_dropout',
  'Replaces each token id with the unknown id (1) with probability `p`, leaving padding alone, so that a text model does not rely on single words.',
  [probabilityParam(0.1, 'Probability of replacing each token.')],
  'ids |> token_dropout(0.1)',
  (x) => expectDtype('token_dropout', x, 'i32', 'token_dropout applies to token ids, after `tokenize`') ?? expectRank('token_dropout', x, [1], 'i32[len]') ?? { dtype: 'i32', dims: [...x.dims] },
);

export const augmentations: TransformEntry[] = [randomFlip, randomShift, randomCrop, randomRotate, gaussianNoise, randomMask, tokenDropout];
