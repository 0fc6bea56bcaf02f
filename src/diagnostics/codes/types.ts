// K2000–K2499: problems found by the catalog itself. Ordered by code.
//   K21xx  arguments of a catalog call (bound by `bindArguments`)
//   K22xx  shape rules of catalog entries (inputs to a layer, merge or transform)
// The checker's own type and shape codes are K2500–K2999, in checks.ts.

import type { CodeEntry } from '../catalog.js';

export const typeCodes: CodeEntry[] = [
  {
    code: 'K2101',
    severity: 'error',
    title: 'unknown-parameter',
    message: '`{callee}` has no parameter `{name}`',
    explanation: `A named argument does not match any parameter of the layer, transform, optimizer or other catalog entry being called.

\`\`\`kiln
dense(128, activaton: relu)   // error: \`dense\` has no parameter \`activaton\`
\`\`\`

Fix the spelling (the help line suggests the nearest parameter), or remove the argument. \`kiln\` hover and docs/reference.md list every parameter.`,
  },
  {
    code: 'K2102',
    severity: 'error',
    title: 'missing-argument',
    message: '`{callee}` needs an argument `{name}` ({type})',
    explanation: `A required parameter was not given, positionally or by name.

\`\`\`kiln
dense(activation: relu)   // error: \`dense\` needs an argument \`units\` (int)
\`\`\`

Pass the value: \`dense(128, activation: relu)\`.`,
  },
  {
    code: 'K2103',
    severity: 'error',
    title: 'argument-type',
    message: 'argument `{name}` of `{callee}` expects {expected}, found {found}',
    explanation: `An argument has the wrong kind of value: a string where a number is expected, a float where only integers make sense, and so on.

\`\`\`kiln
dense(12.5)   // error: argument \`units\` of \`dense\` expects int, found float 12.5
\`\`\`

Floats accept integers (\`lr: 1\` is \`1.0\`); integers do not accept floats.`,
  },
  {
    code: 'K2104',
    severity: 'error',
    title: 'argument-range',
    message: 'argument `{name}` of `{callee}` must be {range}, found {found}',
    explanation: `An argument is outside the values its parameter allows, for example a dropout rate of 1 or more (which would drop everything), a negative number of units, or a learning rate of zero.

\`\`\`kiln
dropout(1.5)   // error: argument \`rate\` of \`dropout\` must be in [0, 1), found 1.5
\`\`\`

The allowed range of each parameter is listed in docs/reference.md.`,
  },
  {
    code: 'K2105',
    severity: 'error',
    title: 'duplicate-argument',
    message: 'argument `{name}` of `{callee}` is given more than once',
    explanation: `The same parameter received two values, either by name twice or once positionally and once by name.

\`\`\`kiln
dense(128, units: 64)   // error: argument \`units\` of \`dense\` is given more than once
\`\`\`

Keep one of them.`,
  },
  {
    code: 'K2106',
    severity: 'error',
    title: 'positional-after-named',
    message: 'positional argument after a named argument in `{callee}`',
    explanation: `Positional arguments fill parameters in order, so they must all come before the first named argument.

\`\`\`kiln
conv2d(filters: 16, 3)   // error
conv2d(16, 3)            // ok
conv2d(16, kernel: 3)    // ok
\`\`\``,
  },
  {
    code: 'K2107',
    severity: 'error',
    title: 'duration-without-unit',
    message: 'argument `{name}` of `{callee}` is a duration and needs a unit, found {found}',
    explanation: `Durations say what they count: \`500 steps\` or \`3 epochs\`. A bare number is ambiguous, so it is rejected.

\`\`\`kiln
lr warmup(200) then cosine()         // error
lr warmup(200 steps) then cosine()   // ok
\`\`\``,
  },
  {
    code: 'K2108',
    severity: 'error',
    title: 'too-many-arguments',
    message: '`{callee}` takes at most {max} positional arguments, found {found}',
    explanation: `More positional arguments were given than the entry has parameters.

\`\`\`kiln
dropout(0.1, 0.2)   // error: \`dropout\` takes at most 1 positional arguments, found 2
\`\`\``,
  },
  {
    code: 'K2109',
    severity: 'error',
    title: 'invalid-choice',
    message: 'argument `{name}` of `{callee}` must be one of {choices}, found {found}',
    explanation: `The parameter accepts only a fixed set of names, such as a padding mode or an activation function.

\`\`\`kiln
conv2d(16, 3, padding: full)   // error: must be one of \`valid\`, \`same\`
\`\`\``,
  },
  {
    code: 'K2201',
    severity: 'error',
    title: 'input-rank',
    message: '`{callee}` expects {expected}, found {found}',
    explanation: `A layer received an input with the wrong number of dimensions (batch excluded). \`dense\` works on vectors (or on each position of a sequence), \`conv2d\` on images \`[height, width, channels]\`, \`lstm\` on sequences \`[steps, features]\`.

\`\`\`kiln
image |> conv2d(16, 3) |> dense(10)   // error: \`dense\` expects a rank-1 or rank-2 input, found f32[26, 26, 16]
image |> conv2d(16, 3) |> flatten() |> dense(10)   // ok
\`\`\``,
  },
  {
    code: 'K2202',
    severity: 'error',
    title: 'input-dtype',
    message: '`{callee}` expects {expected}, found {found}',
    explanation: `A layer or transform received a tensor of the wrong element type: for example \`embedding\` needs integer token ids (i32), while \`dense\` and \`conv2d\` need floats (f32), and text transforms need strings.

\`\`\`kiln
text |> dense(64)                  // error: text ids are i32
text |> embedding(8000, 64)        // ok
\`\`\``,
  },
  {
    code: 'K2203',
    severity: 'error',
    title: 'input-dimension',
    message: '`{callee}` expects {expected}, found {found}',
    explanation: `One dimension of the input does not match what the layer's arguments require, for example an \`encoder(64, ...)\` block applied to a sequence whose feature dimension is 32.

\`\`\`kiln
x |> embedding(8000, 32) |> encoder(64, heads: 4, ff: 256)   // error: expects f32[seq, 64]
\`\`\`

Make the model width and the layer's size agree, or project first with \`dense(64)\`.`,
  },
  {
    code: 'K2204',
    severity: 'error',
    title: 'merge-mismatch',
    message: '`{callee}` inputs disagree on {what}: {left} and {right}',
    explanation: `The inputs of a merge must fit together: \`add\` and \`multiply\` need identical shapes, \`concat\` needs the same rank and equal sizes on every axis except the one it joins along.

\`\`\`kiln
concat(a, b)   // error when a is f32[8, 64] and b is f32[4, 32]
\`\`\``,
  },
  {
    code: 'K2205',
    severity: 'error',
    title: 'argument-combination',
    message: '`{callee}` needs {requirement}, found {found}',
    explanation: `Arguments that are each valid do not work together, for example an attention block whose model width is not divisible by its number of heads.

\`\`\`kiln
encoder(66, heads: 4, ff: 256)   // error: \`encoder\` needs d_model divisible by heads, found d_model 66 and heads 4
\`\`\``,
  },
  {
    code: 'K2206',
    severity: 'error',
    title: 'reshape-size',
    message: '`{callee}` cannot reshape {found} ({from} elements) to {target} ({to} elements)',
    explanation: `A reshape must keep the number of elements. At most one target dimension may be \`-1\`, which is inferred.

\`\`\`kiln
x |> reshape([28, 28])   // error when x is f32[785]
\`\`\``,
  },
  {
    code: 'K2207',
    severity: 'error',
    title: 'empty-output',
    message: '`{callee}` would produce an empty output from {found}: {detail}',
    explanation: `A convolution or pooling window is larger than its input along some axis (with \`padding: valid\`), so the output would have size zero there.

\`\`\`kiln
x |> conv2d(16, 5)   // error when x is f32[3, 3, 1]
\`\`\`

Use a smaller kernel, \`padding: same\`, or fewer pooling steps.`,
  },
  {
    code: 'K2208',
    severity: 'error',
    title: 'input-count',
    message: '`{callee}` takes {expected} inputs, found {found}',
    explanation: `A merge was given the wrong number of inputs, e.g. \`cross_attention\` needs exactly a query and a context.

\`\`\`kiln
cross_attention(text)          // error: takes 2 inputs, found 1
cross_attention(text, image)   // ok
\`\`\``,
  },
];
