// K1xxx: names and imports. Emitted by src/resolve/ and src/analysis/program.ts.

import type { CodeEntry } from '../catalog.js';

export const nameCodes: CodeEntry[] = [
  {
    code: 'K1001',
    severity: 'error',
    title: 'unresolved-name',
    message: 'cannot find {what} `{name}`{where}',
    explanation: `A name was used that no declaration, parameter, \`let\` binding or catalog entry defines. The help line suggests the nearest name in scope.

Example:

    model mlp(image: f32[784]) -> f32[10] {
      image |> dense(128) |> desne(10)
    }

Fix: correct the spelling.

    model mlp(image: f32[784]) -> f32[10] {
      image |> dense(128) |> dense(10)
    }`,
  },
  {
    code: 'K1002',
    severity: 'error',
    title: 'duplicate-declaration',
    message: '`{name}` is declared more than once',
    explanation: `Two declarations in the same scope (a file and the files it imports, or one parameter list, or one body) have the same name, so a reference to it would be ambiguous.

Example:

    schedule fast { epochs 10 }
    schedule fast { epochs 20 }

Fix: rename one of them.

    schedule fast { epochs 10 }
    schedule slow { epochs 20 }`,
  },
  {
    code: 'K1003',
    severity: 'error',
    title: 'wrong-kind',
    message: '`{name}` is {found}, but {expected} is needed here',
    explanation: `A name resolves, but to a declaration of the wrong kind: a schedule where a model is needed, a model where data is needed.

Example:

    experiment e {
      train fast on digits with mlp
    }

Fix: \`train\` takes a model, \`on\` takes data and \`with\` takes a schedule.

    experiment e {
      train mlp on digits with fast
    }`,
  },
  {
    code: 'K1004',
    severity: 'warning',
    title: 'unused-binding',
    message: '`{name}` is bound but never used',
    explanation: `A \`let\` binding in a model or block is never referred to, so the branch it computes is not part of the model.

Example:

    model m(x: f32[8]) -> f32[2] {
      let h = x |> dense(16)
      x |> dense(2)
    }

Fix: use the binding, or remove it.

    model m(x: f32[8]) -> f32[2] {
      let h = x |> dense(16)
      h |> dense(2)
    }`,
  },
  {
    code: 'K1005',
    severity: 'error',
    title: 'used-before-binding',
    message: '`{name}` is used before it is bound',
    explanation: `Inside a model or block body, a \`let\` binding can be used only after the line that binds it: the body reads top to bottom like the data flow.

Example:

    model m(x: f32[8]) -> f32[2] {
      h |> dense(2)
      let h = x |> dense(16)
    }

Fix: bind first, then use.

    model m(x: f32[8]) -> f32[2] {
      let h = x |> dense(16)
      h |> dense(2)
    }`,
  },
  {
    code: 'K1101',
    severity: 'error',
    title: 'import-not-found',
    message: 'cannot find the imported file `{path}`',
    explanation: `An \`import\` names a file that does not exist. Import paths are relative to the file that imports.

Example (in examples/digits.kiln):

    import "block.kiln"

Fix: name the file as it is on disk.

    import "blocks.kiln"`,
  },
  {
    code: 'K1102',
    severity: 'error',
    title: 'import-cycle',
    message: 'this import makes a cycle: {cycle}',
    explanation: `Files import each other in a circle, so neither can be understood first. Move the shared declarations into a third file that both import.

Example:

    // a.kiln
    import "b.kiln"
    // b.kiln
    import "a.kiln"

Fix:

    // common.kiln holds what both need
    // a.kiln
    import "common.kiln"
    // b.kiln
    import "common.kiln"`,
  },
  {
    code: 'K1103',
    severity: 'error',
    title: 'path-outside-project',
    message: 'the path `{path}` leaves the project root',
    explanation: `Specs may only read files inside their project: the nearest folder above the spec that holds a package.json or kiln.json. This keeps \`kiln check\` safe to run on untrusted pull requests: a spec cannot make it read \`/etc/passwd\` or a file in another checkout. The file is not read.

Example:

    import "../../shared/blocks.kiln"

Fix: copy or move the file into the project and import it from there.

    import "lib/blocks.kiln"`,
  },
  {
    code: 'K1104',
    severity: 'error',
    title: 'import-unreadable',
    message: 'cannot read the imported file `{path}`: {reason}',
    explanation: `The imported path exists but could not be read as a Kiln file: it is a folder, it is not a \`.kiln\` file, or it cannot be opened.

Example:

    import "examples"

Fix: import a \`.kiln\` file.

    import "examples/blocks.kiln"`,
  },
];
