// K0xxx: syntax. Emitted by src/syntax/parse.ts.

import type { CodeEntry } from '../catalog.js';

export const syntaxCodes: CodeEntry[] = [
  {
    code: 'K0001',
    severity: 'error',
    title: 'unexpected-character',
    message: 'unexpected character `{char}`',
    explanation: `A character that cannot begin any Kiln token: names are letters, digits and \`_\`; operators are \`|> -> <- .. + - * / % == != < <= > >= && || !\` and the brackets.

Example:

    model m(x: f32[4]) -> f32[2] { x |> dense(2) # a comment }

Kiln comments start with \`//\` (or \`/* … */\`), not \`#\`:

    model m(x: f32[4]) -> f32[2] { x |> dense(2) // a comment }`,
  },
  {
    code: 'K0002',
    severity: 'error',
    title: 'unterminated-string',
    message: 'this string has no closing `"`',
    explanation: `A string literal must end with \`"\` on the same line.

Example:

    pretrained("runs/teacher/model.json, until: "dense_2")

Fix:

    pretrained("runs/teacher/model.json", until: "dense_2")`,
  },
  {
    code: 'K0003',
    severity: 'error',
    title: 'unterminated-comment',
    message: 'this block comment has no closing `*/`',
    explanation: `A block comment opened with \`/*\` runs until \`*/\`. Without one, the rest of the file is a comment.

Example:

    /* the teacher model
    model teacher(image: f32[28, 28, 1]) -> f32[10] { … }

Fix: close the comment where it ends.

    /* the teacher model */`,
  },
  {
    code: 'K0101',
    severity: 'error',
    title: 'expected-token',
    message: 'expected {expected}, found {found}',
    explanation: `The parser needed a particular token here and found another.

Example:

    model m(x f32[4]) -> f32[2] { x |> dense(2) }

A parameter is written \`name: type\`:

    model m(x: f32[4]) -> f32[2] { x |> dense(2) }`,
  },
  {
    code: 'K0102',
    severity: 'error',
    title: 'unclosed-delimiter',
    message: 'expected `{closer}` to close {what}, found {found}',
    explanation: `A bracket was opened and not closed. The secondary label shows where it was opened.

Example:

    model m(x: f32[4]) -> f32[2] {
      x |> dense(64, activation: relu |> dense(2)
    }

Fix: close the call.

    model m(x: f32[4]) -> f32[2] {
      x |> dense(64, activation: relu) |> dense(2)
    }`,
  },
  {
    code: 'K0103',
    severity: 'error',
    title: 'expected-construct',
    message: 'expected {expected}, found {found}',
    explanation: `The parser needed a whole construct here (an expression, a type, a declaration) and found a token that cannot begin one.

Example:

    schedule fast {
      epochs = 
    }

Fix: give the setting a value.

    schedule fast {
      epochs = 10
    }`,
  },
  {
    code: 'K0104',
    severity: 'error',
    title: 'expected-declaration',
    message: 'expected a declaration (`import`, `data`, `block`, `model`, `schedule`, `distill` or `experiment`), found {found}',
    explanation: `At the top level of a file only declarations may stand.

Example:

    epochs 10

Settings belong inside a declaration:

    schedule fast {
      epochs 10
    }`,
  },
  {
    code: 'K0105',
    severity: 'error',
    title: 'nesting-too-deep',
    message: 'brackets are nested more than {limit} levels deep',
    explanation: `Kiln stops reading a file where brackets nest more than 64 levels deep: no real spec needs that many, and a bound keeps every tool safe from input crafted to exhaust it. The rest of the file is not checked.

Example:

    model m(x: f32[1]) -> f32[1] { x |> ((((((((…)))))))) }

Fix: name the inner parts with \`let\` bindings or blocks.

    block inner(units: int) { dense(units) |> dense(units) }
    model m(x: f32[1]) -> f32[1] { x |> inner(4) |> dense(1) }`,
  },
];
