// K3xxx: data blocks — sources and their fields, feature pipelines,
// augmentation, cleaning, splits and loader settings. Emitted by src/check/data.ts.

import type { CodeEntry } from '../catalog.js';

const c = (code: string, severity: CodeEntry['severity'], title: string, message: string, explanation: string): CodeEntry => ({ code, severity, title, message, explanation });

export const dataCodes: CodeEntry[] = [
  c('K3001', 'error', 'unknown-source', 'unknown {what} `{name}`', `A data block names a source (or a field type) Kiln does not know. Sources are the bundled datasets (\`mnist()\`, \`iris()\`, \`spam_assassin()\`, \`moby_dick()\`) and the file sources \`csv\`, \`jsonl\`, \`text_lines\` and \`image_folder\`.

Example:

    data d { source = mnsit() }

Fix:

    data d { source = mnist() }`),
  c('K3002', 'error', 'missing-source', 'data `{name}` has no `source`', `Every data block reads from one source.

Example:

    data d { features { x: f32[] = v } }

Fix:

    data d { source = csv("d.csv") fields { v: float } features { x: f32[] = v } }`),
  c('K3003', 'error', 'unknown-field', 'source `{source}` has no field `{name}`', `A feature (or cleaning step) reads a raw field the source does not have. Bundled datasets know their fields; file sources declare theirs in \`fields { … }\`.

Example:

    data digits { source = mnist() features { image: f32[28, 28, 1] = pixles } }

Fix:

    data digits { source = mnist() features { image: f32[28, 28, 1] = pixels } }`),
  c('K3004', 'error', 'feature-type-mismatch', 'feature `{name}` is declared {declared}, but its pipeline produces {found}', `A feature's declared type is what the model receives; its pipeline (the field and its transforms) must produce that type.

Example:

    features { body: i32[100] = text |> tokenize(max_len: 200) }

Fix: make the declaration and the pipeline agree.

    features { body: i32[200] = text |> tokenize(max_len: 200) }`),
  c('K3005', 'error', 'unknown-transform', 'unknown {kind} `{name}`', `A feature pipeline names a transform, or an \`augment\` section an augmentation, that is not in the catalog. Augmentations (random, train-only) go in \`augment { … }\`; transforms in the feature's pipeline.

Example:

    features { image: f32[28, 28, 1] = pixels |> scael(1 / 255) }

Fix:

    features { image: f32[28, 28, 1] = pixels |> scale(1 / 255) }`),
  c('K3007', 'error', 'split-sum', 'split fractions must sum to 1, found {sum}', `The \`split\` divides the rows between train, val and test; the fractions must add up to 1.

Example:

    split { train: 0.8, val: 0.1 }

Fix:

    split { train: 0.8, val: 0.1, test: 0.1 }`),
  c('K3008', 'error', 'unknown-split-name', 'unknown split `{name}`: splits are `train`, `val` and `test`', `A split section names the three parts \`train\`, \`val\`, \`test\` (and optionally \`stratify\`).

Example:

    split { train: 0.8, valid: 0.2 }

Fix:

    split { train: 0.8, val: 0.2 }`),
  c('K3009', 'error', 'data-setting-value', '`{setting}` expects {expected}, found {found}', `A data setting has a value of the wrong kind: \`batch\` is a positive integer, \`seed\` and \`shuffle\` non-negative integers, \`on_error\` is \`stop\` or \`skip\`.

Example:

    batch 0

Fix:

    batch 64`),
  c('K3010', 'error', 'unknown-data-setting', 'data blocks have no setting `{name}`', `Data blocks take \`source\`, \`split\`, \`seed\`, \`batch\`, \`shuffle\` and \`on_error\`, and the sections \`fields\`, \`features\`, \`augment\` and \`clean\`.

Example:

    batch_size 64

Fix:

    batch 64`),
  c('K3011', 'error', 'augment-unknown-feature', '`{name}` is not a feature of `{data}`', `An augmentation applies to a declared feature, by its name.

Example:

    features { image: f32[28, 28, 1] = pixels }
    augment { img |> random_flip() }

Fix:

    augment { image |> random_flip() }`),
  c('K3012', 'error', 'no-features', 'data `{name}` declares no features', `A data block's \`features\` section says what the model reads and what the label is; without it there is nothing to train on.

Fix: add e.g. \`features { image: f32[28, 28, 1] = pixels  label: class[10] = digit }\`.`),
  c('K3013', 'error', 'fields-required', 'a `{source}` source needs a `fields` section declaring its columns', `File sources (CSV, JSON Lines) carry no schema, so the data block declares the raw fields, and every row is validated against them.

Example:

    data flowers { source = csv("iris.csv") features { … } }

Fix:

    data flowers {
      source = csv("iris.csv")
      fields { sepal_length: float  species: string }
      features { … }
    }`),
  c('K3014', 'error', 'duplicate-feature', 'feature `{name}` is declared more than once', `Feature names must be unique within a data block: models read features by name.

Fix: rename one of them.`),
  c('K3015', 'error', 'stratify-unknown', 'cannot stratify by `{name}`: it is not a feature of `{data}`', `\`stratify\` keeps each class's share equal across the splits; it names a feature, usually the label.

Example:

    split { train: 0.8, test: 0.2, stratify: species }

Fix:

    split { train: 0.8, test: 0.2, stratify: label }`),
  c('K3016', 'error', 'data-outside-project', 'data file `{path}` is outside the project', `Kiln reads no file outside the project root (the folder with package.json or kiln.json), so a spec cannot make a checker or a runner read arbitrary files.

Fix: move the data into the project and use a relative path.`),
  c('K3017', 'warning', 'data-file-missing', 'data file `{path}` does not exist', `The file a source names is not there. Checking does not need the data, so this is a warning; running will fail. Paths are relative to the spec's folder.

Fix: correct the path, or create the file before \`kiln run\`.`),
  c('K3018', 'error', 'split-fraction', 'split `{name}` must be a fraction in [0, 1], found {found}', `Each part of a split is a fraction of the rows, between 0 and 1.

Example:

    split { train: 80, val: 10, test: 10 }

Fix:

    split { train: 0.8, val: 0.1, test: 0.1 }`),
  c('K3019', 'error', 'unknown-clean-step', 'unknown cleaning step `{name}`', `A \`clean\` section lists the steps applied to every validated row: \`drop_null(fields…)\`, \`dedupe(fields…)\` and \`filter(condition)\`.

Example:

    clean { drop_nulls(price) }

Fix:

    clean { drop_null(price) }`),
];
