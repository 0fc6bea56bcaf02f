// K4xxx: training, evaluation, sweeps and distillation — schedules and the
// cross-references of experiment steps. Emitted by src/check/schedules.ts,
// experiments.ts and distill.ts.

import type { CodeEntry } from '../catalog.js';

const c = (code: string, severity: CodeEntry['severity'], title: string, message: string, explanation: string): CodeEntry => ({ code, severity, title, message, explanation });

export const trainingCodes: CodeEntry[] = [
  c('K4001', 'error', 'unknown-optimizer', 'unknown optimizer `{name}`', `\`optimizer\` names an optimizer from the catalog: \`sgd\`, \`momentum\`, \`adam\`, \`adamw\`, \`rmsprop\`, \`adagrad\`.

Example:

    optimizer adma(lr: 1e-3)

Fix:

    optimizer adam(lr: 1e-3)`),
  c('K4002', 'error', 'unknown-lr-schedule', 'unknown learning-rate schedule `{name}`', `\`lr\` names learning-rate schedules from the catalog, joined with \`then\`: \`warmup\`, \`cosine\`, \`linear\`, \`step\`, \`exponential\`, \`one_cycle\`, \`constant\`.

Example:

    lr warmup(200 steps) then cosin()

Fix:

    lr warmup(200 steps) then cosine()`),
  c('K4003', 'error', 'unknown-loss', 'unknown loss `{name}`', `\`loss\` (and a distillation's \`hard_loss\`) names a loss from the catalog.

Example:

    loss crossentropy()

Fix:

    loss cross_entropy()`),
  c('K4004', 'error', 'unknown-metric', 'unknown metric `{name}`', `Metrics are catalog names: \`accuracy\`, \`top_k_accuracy\`, \`precision\`, \`recall\`, \`f1\`, \`mse\`, \`mae\`.

Example:

    evaluate mlp on digits.test metrics [acuracy]

Fix:

    evaluate mlp on digits.test metrics [accuracy]`),
  c('K4005', 'error', 'missing-schedule-setting', 'schedule `{name}` has no `{setting}`', `A schedule says how long to train: it needs a number of \`epochs\`. (Without an \`optimizer\` it uses \`adam()\`, without a \`loss\` \`cross_entropy()\`.)

Example:

    schedule fast { optimizer adam() }

Fix:

    schedule fast { optimizer adam() epochs 5 }`),
  c('K4006', 'error', 'unknown-setting', 'unknown setting `{name}`', `A schedule takes \`optimizer\`, \`lr\`, \`epochs\`, \`loss\`, \`metrics\`, \`clip_norm\`, \`weight_decay\`, \`early_stop\` and \`batch\`; an experiment takes \`seed\`, its steps and \`sweep\`.

Example:

    schedule s { epoch 10 }

Fix:

    schedule s { epochs 10 }`),
  c('K4007', 'error', 'setting-value', '`{setting}` expects {expected}, found {found}', `A training setting has a value of the wrong kind, such as a fractional or zero number of epochs, or a number where a learning-rate schedule is needed.

Example:

    epochs 2.5

Fix:

    epochs 3`),
  c('K4008', 'warning', 'warmup-too-long', 'the warmup ({warmup}) is as long as the whole run ({run}) or longer', `The learning rate rises during the warmup; a warmup that lasts the whole run never reaches the optimizer's rate, and the segments after it never start. For bundled datasets the run length is known: epochs × ceil(training rows / batch).

Example:

    lr warmup(5000 steps) then cosine()
    epochs 2

Fix: shorten the warmup, or train longer.`),
  c('K4009', 'warning', 'unreachable-segment', '`{name}` runs to the end of training, so `then {next}` never starts', `In \`a then b\`, \`a\` must have a duration (like \`warmup(200 steps)\`); a schedule without one lasts until the end, so what follows never runs.

Example:

    lr cosine() then warmup(100 steps)

Fix:

    lr warmup(100 steps) then cosine()`),
  c('K4011', 'error', 'no-label', 'data `{data}` has no single label feature for model `{model}`', `Training needs a target: the feature the model does not read. When several features are left over, the one of type \`class[N]\`, or the one named \`label\`, is the target.

Fix: add a label feature, or name the target \`label\`.`),
  c('K4012', 'error', 'missing-feature', 'model `{model}` needs an input `{input}`, but data `{data}` has no such feature', `Model inputs are fed from data features of the same name.

Example:

    data d { … features { img: f32[28, 28, 1] = pixels … } }
    model m(image: f32[28, 28, 1]) -> f32[10] { … }

Fix: use the same name in both places.`),
  c('K4013', 'error', 'feature-input-mismatch', 'feature `{name}` of `{data}` is {found}, but model `{model}` expects {expected}', `A feature and the model input of the same name must have the same dtype and shape.

Example:

    features { image: f32[28, 28, 1] = pixels }
    model m(image: f32[784]) -> f32[10] { … }

Fix: change the model input (and flatten inside the model), or reshape the feature.`),
  c('K4014', 'error', 'unknown-data-split', 'data `{data}` has no split `{name}`', `\`evaluate … on data.split\` names one of the splits \`train\`, \`val\` or \`test\`.

Example:

    evaluate mlp on digits.testing metrics [accuracy]

Fix:

    evaluate mlp on digits.test metrics [accuracy]`),
  c('K4015', 'error', 'unknown-sweep-parameter', '`{owner}` has no parameter `{name}` to sweep', `A sweep varies parameters of declarations: a schedule's \`lr\`, \`epochs\`, \`batch\`, \`clip_norm\`, \`weight_decay\` and optimizer arguments; a distillation's \`temperature\` and \`alpha\`; a data block's \`batch\`, \`seed\` and \`shuffle\`.

Example:

    sweep { fast.learning_rate in [1e-3, 3e-3] }

Fix:

    sweep { fast.lr in [1e-3, 3e-3] }`),
  c('K4016', 'error', 'sweep-value-type', 'sweep values for `{param}` must be {expected}, found {found}', `Each value of a sweep replaces the parameter, so it must be of the parameter's type.

Example:

    sweep { fast.epochs in [5, 7.5] }

Fix:

    sweep { fast.epochs in [5, 8] }`),
  c('K4017', 'error', 'distill-output-mismatch', 'teacher `{teacher}` outputs {teacherType}, but student `{student}` outputs {studentType}', `Distillation trains the student to match the teacher's softened outputs, so both must produce the same shape.

Fix: give the student the teacher's output width.`),
  c('K4018', 'error', 'distill-temperature', 'the temperature must be greater than 0, found {found}', `Logits are divided by the temperature before the softmax; it must be positive (typically 2–8).

Example:

    temperature 0

Fix:

    temperature 4`),
  c('K4019', 'error', 'distill-alpha', 'alpha must be in [0, 1], found {found}', `\`alpha\` weighs the soft (teacher) targets against the hard labels: loss = alpha · soft + (1 − alpha) · hard.

Example:

    alpha 1.5

Fix:

    alpha 0.9`),
  c('K4020', 'note', 'student-larger', 'student `{student}` ({studentParams} parameters) is larger than its teacher `{teacher}` ({teacherParams})', `Distillation usually compresses a large teacher into a smaller student. A larger student is allowed, but often a mistake (teacher and student swapped).`),
  c('K4021', 'error', 'distill-missing-model', 'distillation `{name}` has no {role}', `A distillation pair needs a \`teacher\` (one model or a list) and a \`student\`.

Fix:

    distill compress { teacher big student small }`),
  c('K4022', 'error', 'unknown-distill-setting', 'distillation pairs have no setting `{name}`', `Distillation pairs take \`teacher\`, \`student\`, \`temperature\`, \`alpha\`, \`hard_loss\` and \`hint\` lines.

Example:

    temprature 4

Fix:

    temperature 4`),
  c('K4023', 'error', 'unknown-layer-name', 'model `{model}` has no layer `{name}`', `A hint names layers by their generated names (\`dense\`, \`dense_1\`, \`mlp_head/dense\`); \`kiln summary\` lists them.

Example:

    hint student.dense_7 <- teacher.dense_1 via dense(64)

Fix: use a name from the model's layer table.`),
  c('K4024', 'error', 'hint-shape-mismatch', 'a hint needs matching shapes: the student side gives {student}, the teacher layer is {teacher}', `A hint makes a student layer imitate a teacher layer; after the projection (\`via …\`) both must have the same shape.

Example:

    hint student.dense <- teacher.dense_1 via dense(32)

Fix: project to the teacher layer's width.

    hint student.dense <- teacher.dense_1 via dense(1200)`),
  c('K4025', 'warning', 'early-stop-monitor', '`early_stop` watches `{name}`, which this run does not record', `Early stopping watches a metric the run records: \`loss\`, \`val_loss\`, and each of the schedule's metrics with and without \`val_\`.

Example:

    early_stop(monitor: val_acc)

Fix:

    metrics [accuracy]
    early_stop(monitor: val_accuracy)`),
  c('K4026', 'error', 'train-split', '`train` reads the training split of `{data}`; `.{name}` does not belong here', `Training always uses the train split (and reports on val); only \`evaluate\` names a split.

Example:

    train mlp on digits.test with fast

Fix:

    train mlp on digits with fast`),
  c('K4027', 'warning', 'empty-experiment', 'experiment `{name}` has no steps', `An experiment without \`train\`, \`distill\` or \`evaluate\` steps does nothing when run.`),
  c('K4028', 'warning', 'empty-split', 'split `{name}` of `{data}` is empty', `The split an evaluation reads has a fraction of 0, so there is nothing to evaluate on.

Fix: give the split a fraction, e.g. \`split { train: 0.8, val: 0.1, test: 0.1 }\`.`),
  c('K4029', 'error', 'hint-model', 'a hint reads a layer of the {role}, but `{model}` is not the {role} of this pair (expected {expected})', `In \`hint student.layer <- teacher.layer\`, the left side names a layer of the pair's student and the right side a layer of one of its teachers.

Example:

    distill compress { teacher big  student small  hint big.dense <- small.dense }

Fix:

    distill compress { teacher big  student small  hint small.dense <- big.dense via dense }`),
  c('K4030', 'error', 'untrained-teacher', 'teacher `{teacher}` of `{name}` is neither trained before this step nor loaded from a saved model', `A student learns from what its teacher outputs, so the teacher must be trained first: by a \`train\` step earlier in the experiment, or by building it from a model saved by an earlier run (\`pretrained("runs/…/model.json")\`). An untrained teacher's outputs are noise.

Example:

    experiment e { distill compress on digits with fast }

Fix:

    experiment e {
      train teacher on digits with long
      distill compress on digits with fast
    }`),
  c('K4031', 'error', 'distill-not-a-model', 'the {role} of a distillation must be a declared model, found `{found}`', `\`teacher\` and \`student\` name models declared with \`model\` (the teacher may be a list of models, an ensemble). A teacher saved by an earlier run is written directly, \`teacher pretrained("runs/…/model.json")\`; the student is trained, so it is always a declared model.

Example:

    distill compress { teacher 3  student small }

Fix:

    distill compress { teacher pretrained("runs/hinton/model/teacher/model.json")  student small }`),
  c('K4032', 'error', 'saved-teacher-inputs', 'a teacher loaded with `pretrained(…)` reads the student\'s input, but student `{student}` takes {count} inputs', `A teacher written \`pretrained("…/model.json")\` is fed what the student is fed, which must then be a single input. When the student reads several features, declare a model that feeds the saved one and name that model as the teacher.

Example:

    model small(a: f32[2], b: f32[2]) -> f32[3] { concat(a, b) |> dense(3) }
    distill compress { teacher pretrained("runs/big/model/model.json")  student small }

Fix:

    model saved_big(a: f32[2], b: f32[2]) -> f32[3] { concat(a, b) |> pretrained("runs/big/model/model.json") }
    distill compress { teacher saved_big  student small }`),
];
