// Per-feature data transforms, written in a data block's `features`
// (`pixels |> scale(1 / 255)`). Their shape rules type each feature from
// its raw column to what the model receives.

import { literalDim } from '../../types/dims.js';
import { formatType, type TensorType } from '../../types/tensor.js';
import type { TransformEntry } from '../entry.js';
import { Codes, shapeProblem } from '../problems.js';
import { expectDtype, expectRank, lastDim, num } from '../rules.js';
import { positiveInt } from './common-params.js';

function expectNumeric(callee: string, x: TensorType): ReturnType<typeof expectDtype> {
  if (x.dtype !== 'string' && x.classes === undefined) return undefined;
  return shapeProblem(
    Codes.inputDtype,
    { callee, expected: 'a numeric input', found: formatType(x) },
    { input: 0, help: x.dtype === 'string' ? 'text needs `tokenize(...)`' : 'class labels are used as they are, or with `one_hot()`' },
  );
}

const expectText = (callee: string, x: TensorType) => expectDtype(callee, x, 'string', 'text transforms apply to string columns, before `tokenize`');

function textTransform(name: string, doc: string): TransformEntry {
  return {
    name,
    kind: 'transform',
    doc,
    example: `text |> ${name}()`,
    params: [],
    shape(x) {
      return expectText(name, x) ?? { dtype: 'string', dims: [...x.dims] };
    },
  };
}

export const scale: TransformEntry = {
  name: 'scale',
  kind: 'transform',
  doc: 'Multiplies every value by `factor`, giving floats: `pixels |> scale(1 / 255)` maps bytes to [0, 1].',
  example: 'pixels |> scale(1 / 255)',
  params: [{ name: 'factor', type: 'float', required: true, doc: 'The multiplier.' }],
  shape(x) {
    return expectNumeric('scale', x) ?? { dtype: 'f32', dims: [...x.dims] };
  },
};

export const normalize: TransformEntry = {
  name: 'normalize',
  kind: 'transform',
  doc: 'Subtracts `mean` and divides by `std`, per channel when given lists (one value per entry of the last dimension) or for all values when given single numbers.',
  example: 'image |> normalize(mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26])',
  params: [
    { name: 'mean', type: 'floats', required: true, doc: 'Mean to subtract: one number, or one per channel.' },
    { name: 'std', type: 'floats', required: true, range: { min: 0, minInclusive: false }, doc: 'Standard deviation to divide by: one number, or one per channel.' },
  ],
  shape(x, args) {
    const problem = expectNumeric('normalize', x);
    if (problem) return problem;
    const channels = literalDim(lastDim(x));
    for (const name of ['mean', 'std']) {
      const v = args[name];
      if (Array.isArray(v) && v.length > 1 && channels !== undefined && v.length !== channels) {
        return shapeProblem(
          Codes.inputDimension,
          { callee: 'normalize', expected: `${v.length} channels to match \`${name}\``, found: formatType(x) },
          { param: name, help: `give one ${name} per channel (${channels}), or a single number` },
        );
      }
    }
    return { dtype: 'f32', dims: [...x.dims] };
  },
};

export const standardize: TransformEntry = {
  name: 'standardize',
  kind: 'transform',
  fitted: true,
  doc: 'Rescales each feature to zero mean and unit variance, using the mean and standard deviation measured on the training split (never on validation or test data).',
  example: 'measurements |> standardize()',
  params: [],
  shape(x) {
    return expectNumeric('standardize', x) ?? { dtype: 'f32', dims: [...x.dims] };
  },
};

export const oneHot: TransformEntry = {
  name: 'one_hot',
  kind: 'transform',
  doc: 'Turns a class label or integer ids into one-hot float vectors: `class[10]` becomes `f32[10]`, `i32[n]` with `classes: k` becomes `f32[n, k]`.',
  example: 'label |> one_hot()',
  params: [{ name: 'classes', type: 'int', required: false, range: { min: 2 }, doc: 'Number of classes; taken from a `class[n]` input when omitted.' }],
  shape(x, args) {
    const problem = expectDtype('one_hot', x, 'i32', 'one_hot takes class labels or integer ids');
    if (problem) return problem;
    const given = num(args, 'classes');
    if (x.classes !== undefined && given !== undefined && given !== x.classes) {
      return shapeProblem(Codes.argumentCombination, { callee: 'one_hot', requirement: 'the same number of classes as its input', found: `classes ${given} and ${formatType(x)}` }, { param: 'classes' });
    }
    const k = given ?? x.classes;
    if (k === undefined && !('classes' in args)) {
      return shapeProblem(Codes.argumentCombination, { callee: 'one_hot', requirement: '`classes` when the input is not a class label', found: formatType(x) }, { input: 0 });
    }
    return { dtype: 'f32', dims: [...x.dims, k ?? null] };
  },
};

export const lowercase = textTransform('lowercase', 'Converts text to lower case.');
export const stripPunctuation = textTransform('strip_punctuation', 'Removes punctuation characters from text, keeping letters, digits and spaces.');
export const stripHtml = textTransform('strip_html', 'Removes HTML tags and decodes common entities, keeping the text content.');
export const stripHeaders = textTransform('strip_headers', 'Removes e-mail headers (everything up to the first blank line), keeping the message body.');

export const tokenize: TransformEntry = {
  name: 'tokenize',
  kind: 'transform',
  fitted: true,
  doc: 'Splits text into words or characters and maps each to an integer id from a vocabulary built on the training split: the `vocab` most frequent tokens seen at least `min_freq` times (id 0 is padding, id 1 unknown tokens). Each example becomes `i32[max_len]`, padded or cut to length.',
  example: 'text |> lowercase() |> tokenize(mode: word, vocab: 8000, max_len: 64)',
  params: [
    { name: 'mode', type: { oneOf: ['word', 'char'] }, required: false, default: 'word', doc: 'Split into words (on whitespace and punctuation) or characters.' },
    { name: 'vocab', type: 'int', required: false, default: 10000, range: { min: 3 }, doc: 'Vocabulary size, including the padding and unknown ids.' },
    positiveInt('max_len', 'Length of every tokenized example.'),
    { name: 'min_freq', type: 'int', required: false, default: 1, range: { min: 1 }, doc: 'Minimum count for a token to enter the vocabulary.' },
    { name: 'padding', type: { oneOf: ['post', 'pre'] }, required: false, default: 'post', doc: 'Whether padding (and cutting) happens at the end or the start.' },
  ],
  shape(x, args) {
    return expectText('tokenize', x) ?? expectRank('tokenize', x, [0], 'string') ?? { dtype: 'i32', dims: [num(args, 'max_len') ?? null] };
  },
};

export const pad: TransformEntry = {
  name: 'pad',
  kind: 'transform',
  doc: 'Pads a sequence at the end (or start) with `value` up to length `len`. A row already longer than `len` is a bad row; use `truncate(len)` first.',
  example: 'ids |> truncate(128) |> pad(128)',
  params: [
    positiveInt('len', 'Target length.'),
    { name: 'value', type: 'float', required: false, default: 0, doc: 'Padding value.' },
    { name: 'side', type: { oneOf: ['post', 'pre'] }, required: false, default: 'post', doc: 'Pad at the end (`post`) or the start (`pre`).' },
  ],
  shape(x, args) {
    const problem = expectNumeric('pad', x) ?? expectRank('pad', x, [1], 'a sequence [n]');
    if (problem) return problem;
    const len = num(args, 'len');
    const n = literalDim(x.dims[0]);
    if (len !== undefined && n !== undefined && n > len) {
      return shapeProblem(Codes.argumentCombination, { callee: 'pad', requirement: 'a length at least the input’s', found: `len ${len} and ${formatType(x)}` }, { param: 'len', help: `use \`truncate(${len})\` to shorten sequences` });
    }
    return { dtype: x.dtype, dims: [len ?? null] };
  },
};

export const truncate: TransformEntry = {
  name: 'truncate',
  kind: 'transform',
  doc: 'Cuts a sequence to at most `len` elements, dropping the end (or the start).',
  example: 'ids |> truncate(128)',
  params: [
    positiveInt('len', 'Maximum length.'),
    { name: 'side', type: { oneOf: ['post', 'pre'] }, required: false, default: 'post', doc: 'Cut at the end (`post`) or the start (`pre`).' },
  ],
  shape(x, args) {
    const problem = expectRank('truncate', x, [1], 'a sequence [n]');
    if (problem) return problem;
    const len = num(args, 'len');
    const n = literalDim(x.dims[0]);
    const out = len === undefined ? null : n !== undefined ? Math.min(n, len) : null;
    return { dtype: x.dtype, dims: [out] };
  },
};

export const resize: TransformEntry = {
  name: 'resize',
  kind: 'transform',
  doc: 'Resizes images to `height` × `width` with bilinear interpolation, keeping channels.',
  example: 'image |> resize(32, 32)',
  params: [positiveInt('height', 'Output height.'), positiveInt('width', 'Output width.')],
  shape(x, args) {
    const problem = expectNumeric('resize', x) ?? expectRank('resize', x, [2, 3], 'an image [height, width, channels]');
    if (problem) return problem;
    const size = [num(args, 'height') ?? null, num(args, 'width') ?? null];
    return { dtype: 'f32', dims: x.dims.length === 3 ? [...size, x.dims[2]] : size };
  },
};

export const headerStats: TransformEntry = {
  name: 'header_stats',
  kind: 'transform',
  doc: 'Reads five tabular features from a raw e-mail (headers, blank line, body): the number of recipients (To and Cc), the hour sent (from the Date header, -1 when missing), whether it is HTML (1 or 0), the number of links in the body and the length of the subject. Counts are raw: follow with `standardize()`.',
  example: 'text |> header_stats() |> standardize()',
  params: [],
  shape(x) {
    return expectText('header_stats', x) ?? expectRank('header_stats', x, [0], 'string') ?? { dtype: 'f32', dims: [5] };
  },
};

export const map: TransformEntry = {
  name: 'map',
  kind: 'transform',
  doc: 'Replaces each value by its entry in a table of values: `label |> map({ "ham": 0, "spam": 1 })`. A value missing from the table is a bad row. The feature keeps its shape.',
  example: 'label |> map({ "ham": 0, "spam": 1 })',
  params: [{ name: 'fn', type: 'function', required: true, doc: 'The table of values: a map literal from each raw value to what it becomes.' }],
  shape(x) {
    return { dtype: x.dtype, dims: [...x.dims], classes: x.classes };
  },
};

export const transforms: TransformEntry[] = [scale, normalize, standardize, oneHot, lowercase, stripPunctuation, stripHtml, stripHeaders, tokenize, headerStats, pad, truncate, resize, map];
