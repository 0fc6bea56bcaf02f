// K2500–K2999: type and shape checks made by the checker (src/check/) rather
// than by a catalog entry's own rules (those are K2000–K2499, in types.ts):
// model bodies, blocks, `repeat`, `residual`, models used as stages and
// pretrained models.

import type { CodeEntry } from '../catalog.js';

export const checkCodes: CodeEntry[] = [
  {
    code: 'K2501',
    severity: 'error',
    title: 'model-output-mismatch',
    message: 'model `{model}` is declared to return {declared}, but its body produces {found}',
    explanation: `The type after \`->\` in a model's header is a promise about its output; the last expression of the body must produce that type.

Example:

    model mlp(image: f32[784]) -> f32[10] {
      image |> dense(128)
    }

Fix: end the body with a layer of the declared width.

    model mlp(image: f32[784]) -> f32[10] {
      image |> dense(128) |> dense(10)
    }`,
  },
  {
    code: 'K2502',
    severity: 'error',
    title: 'not-a-stage',
    message: '`{name}` is {what}, not a stage, so it cannot follow `|>`',
    explanation: `After \`|>\` comes a stage: a catalog layer, a block, a model, \`repeat\`, \`residual\` or a \`let\`-bound stage. Values (model inputs, \`let\` values, block parameters) start pipelines; they are combined with merges.

Example:

    model m(a: f32[8], b: f32[8]) -> f32[2] {
      a |> b |> dense(2)
    }

Fix: combine the values with a merge.

    model m(a: f32[8], b: f32[8]) -> f32[2] {
      concat(a, b) |> dense(2)
    }`,
  },
  {
    code: 'K2503',
    severity: 'error',
    title: 'no-output',
    message: 'this body has no output expression',
    explanation: `A model's or block's output is the value of the last expression in its body. A body made only of \`let\` bindings has none.

Example:

    model m(x: f32[8]) -> f32[2] {
      let h = x |> dense(2)
    }

Fix: end with the output expression.

    model m(x: f32[8]) -> f32[2] {
      let h = x |> dense(2)
      h
    }`,
  },
  {
    code: 'K2504',
    severity: 'error',
    title: 'invalid-tensor-type',
    message: 'invalid tensor type: {reason}',
    explanation: `Model inputs, outputs and features have tensor types: \`f32[...]\`, \`i32[...]\`, \`bool[...]\`, \`string\`, or \`class[N]\` for a label with N classes.

Example:

    model m(x: float[8]) -> f32[2] { x |> dense(2) }

Fix:

    model m(x: f32[8]) -> f32[2] { x |> dense(2) }`,
  },
  {
    code: 'K2505',
    severity: 'error',
    title: 'not-a-constant',
    message: 'this argument is not a constant: {reason}',
    explanation: `Arguments of catalog calls are evaluated when the spec is checked, so they must be constants: numbers, strings, booleans, durations, names, lists and arithmetic on numbers.

Example:

    data d { features { x: f32[] = v |> scale(1 / 0) } }

Fix: write a value that can be computed.

    data d { features { x: f32[] = v |> scale(1 / 255) } }`,
  },
  {
    code: 'K2506',
    severity: 'error',
    title: 'not-a-value',
    message: '`{name}` is {what}',
    explanation: `A pipeline starts from a value, and merges such as \`concat\` take values: a model input or a \`let\`-bound value of the same body.

Example:

    model m(image: f32[8]) -> f32[2] {
      concat(image, imgae) |> dense(2)
    }

Fix: name an input or a binding.

    model m(image: f32[8]) -> f32[2] {
      concat(image, image) |> dense(2)
    }`,
  },
  {
    code: 'K2507',
    severity: 'error',
    title: 'stage-without-input',
    message: '`{name}` has no input: nothing flows into it',
    explanation: `A stage needs something to apply to. In a model with several inputs, a pipeline cannot start with a stage, because it is not clear which input it reads.

Example:

    model m(a: f32[8], b: f32[8]) -> f32[2] {
      dense(2)
    }

Fix: start with a value.

    model m(a: f32[8], b: f32[8]) -> f32[2] {
      concat(a, b) |> dense(2)
    }`,
  },
  {
    code: 'K2508',
    severity: 'error',
    title: 'repeat-count',
    message: '`repeat` needs a whole number of repetitions of at least 1, found {found}',
    explanation: `\`repeat N { … }\` stacks its body N times; N must be a known integer of at least 1.

Example:

    model m(x: f32[64]) -> f32[64] { x |> repeat 0 { dense(64) } }

Fix:

    model m(x: f32[64]) -> f32[64] { x |> repeat 2 { dense(64) } }`,
  },
  {
    code: 'K2509',
    severity: 'error',
    title: 'residual-shape',
    message: '`residual` must keep the shape of its input: input is {input}, body produces {found}',
    explanation: `\`residual(body)\` adds its input to the body's output, so the body must produce exactly the input's shape.

Example:

    model m(x: f32[64]) -> f32[64] { x |> residual(dense(32)) }

Fix: end the body at the input width.

    model m(x: f32[64]) -> f32[64] { x |> residual(dense(32) |> dense(64)) }`,
  },
  {
    code: 'K2510',
    severity: 'error',
    title: 'pretrained-outside-project',
    message: 'pretrained model `{path}` is outside the project',
    explanation: `\`kiln check\` runs on untrusted pull requests, so it reads no file outside the project root (the folder holding package.json or kiln.json). A pretrained model must be saved inside the project, and a link must not lead outside it.

Example:

    let base = pretrained("../../other/model.json")

Fix: copy the model into the project.

    let base = pretrained("runs/teacher/model.json")`,
  },
  {
    code: 'K2511',
    severity: 'error',
    title: 'pretrained-unreadable',
    message: 'cannot read the pretrained model `{path}`: {reason}',
    explanation: `The saved model named by \`pretrained(…)\` could not be read. Paths are relative to the spec's folder. A model saved by \`kiln run\` is in its run folder as model.json.

Example:

    let base = pretrained("runs/teachr/model.json")

Fix: correct the path, or train and save the base model first.`,
  },
  {
    code: 'K2512',
    severity: 'error',
    title: 'pretrained-invalid',
    message: '`{path}` is not a tf.js Layers model: {reason}',
    explanation: `\`pretrained(…)\` reads a model saved in the tf.js Layers format: a model.json whose \`modelTopology.config.layers\` lists the layers, beside its weight files.

Fix: point at the model.json that \`kiln run\` (or tf.js's \`model.save\`) wrote.`,
  },
  {
    code: 'K2513',
    severity: 'error',
    title: 'pretrained-unknown-layer',
    message: 'pretrained model `{path}` has no layer `{name}`',
    explanation: `\`until:\` names the last layer of the saved model to keep; the name must be one of its layer names.

Example:

    let base = pretrained("runs/teacher/model.json", until: "dense_9")

Fix: use a layer name from the saved model (the help line lists them).

    let base = pretrained("runs/teacher/model.json", until: "dense_1")`,
  },
  {
    code: 'K2514',
    severity: 'error',
    title: 'pretrained-input-mismatch',
    message: 'pretrained model `{path}` expects input {expected}, found {found}',
    explanation: `A pretrained model is applied like any other stage, so what flows into it must have the input shape it was saved with.

Example:

    model m(image: f32[32, 32, 3]) -> f32[10] {
      image |> pretrained("runs/digits/model.json") |> dense(10)
    }

Fix: resize or reshape the input first, or use a model trained on this input.`,
  },
  {
    code: 'K2515',
    severity: 'warning',
    title: 'pretrained-shape-unknown',
    message: 'cannot infer the output of layer `{name}` ({className}) in `{path}`; shapes after it are not checked',
    explanation: `The checker infers a saved model's shapes layer by layer from its topology. For a layer class it does not know, it cannot tell the output shape, so what follows is not checked.

Fix: none needed if the model is right; use \`until:\` to stop before the layer to check the rest.`,
  },
  {
    code: 'K2516',
    severity: 'error',
    title: 'recursive-block',
    message: '`{name}` uses itself',
    explanation: `A block or model that contains itself would expand forever.

Example:

    block tower(n: int) { dense(n) |> tower(n) }

Fix: stack layers with \`repeat\`.

    block tower(n: int) { repeat 4 { dense(n) } }`,
  },
  {
    code: 'K2517',
    severity: 'error',
    title: 'model-as-stage',
    message: 'model `{model}` used as a stage must take one input and no arguments, found {found}',
    explanation: `A model can be used inside another model like a block (\`image |> encoder |> dense(10)\`) when it has exactly one input; it takes no arguments.

Example:

    model head(x: f32[64]) -> f32[10] { x |> dense(10) }
    model m(image: f32[784]) -> f32[10] { image |> dense(64) |> head(10) }

Fix:

    model m(image: f32[784]) -> f32[10] { image |> dense(64) |> head }`,
  },
  {
    code: 'K2518',
    severity: 'error',
    title: 'model-input-mismatch',
    message: 'model `{model}` expects input {expected}, found {found}',
    explanation: `A model used as a stage receives the value before it, which must fit the model's declared input type.

Example:

    model head(x: f32[64]) -> f32[10] { x |> dense(10) }
    model m(image: f32[784]) -> f32[10] { image |> dense(32) |> head }

Fix: produce the width the model expects.

    model m(image: f32[784]) -> f32[10] { image |> dense(64) |> head }`,
  },
  {
    code: 'K2519',
    severity: 'error',
    title: 'pretrained-unfreeze',
    message: '`unfreeze:` cannot be used here: {reason}',
    explanation: `\`unfreeze: N epochs\` makes the weights of a frozen pretrained model trainable once N epochs have run, so the new head settles before the base is fine-tuned. It needs \`freeze: true\` (otherwise nothing is frozen), and it is counted in whole epochs: trainability changes between epochs, never in the middle of one.

Example:

    let base = pretrained("runs/base/model/model.json", unfreeze: 500 steps)

Fix: freeze the weights and count in epochs.

    let base = pretrained("runs/base/model/model.json", freeze: true, unfreeze: 3 epochs)`,
  },
  {
    code: 'K2521',
    severity: 'error',
    title: 'parameter-type',
    message: 'parameter `{name}` has no usable type (found {found})',
    explanation: `Model inputs need a tensor type (\`image: f32[28, 28, 1]\`). Block parameters are plain values: int, float, bool, string, activation or duration.

Example:

    model m(image) -> f32[10] { image |> dense(10) }

Fix:

    model m(image: f32[784]) -> f32[10] { image |> dense(10) }`,
  },
];
