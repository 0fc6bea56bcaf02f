// IR → one standalone TypeScript module that runs an experiment: the program
// a person would write by hand with tf.js, and can edit. It reads only IR.
//
//   imports · where the spec's files are · data blocks (run by Kiln's data
//   pipeline) · models (tf.js Layers functional API, one statement per node)
//   · schedules (optimizer, learning-rate function, loss) · tasks (inputs and
//   target of each model on its data) · the training loop and evaluation ·
//   main(): the experiment's steps in order, one printed line per epoch.
//
// The output is formatted by prettier and deterministic: the same IR and
// options give the same text. Distillation steps are not generated yet; an
// experiment with one is a problem returned as a value, like every other
// reason the program cannot be written.

import * as prettier from 'prettier';
import { findEntry } from '../catalog/index.js';
import type { IrData, IrExperiment, IrModel, IrProgram, IrSchedule, IrStep } from '../ir/types.js';
import { NameScope, member, numberLiteral, propertyKey, specCall, specType, specValue, stringLiteral, tsLiteral } from './literals.js';
import { emitModel, type ModelCode } from './model.js';
import { emitSchedule, type ScheduleFeatures } from './schedule.js';
import { evaluateText, helpersText, trainText, typesText, type LoopFeatures } from './training-loop.js';
import type { CustomLayerName } from './layers.js';

export interface TypeScriptOptions {
  /** The experiment to generate; may be left out when the program has exactly one. */
  experiment?: string;
  /**
   * Where the program imports Kiln from: a package name (default `kiln`,
   * imported as `kiln/program`), or a path to Kiln's package folder relative
   * to the generated file (`../..`), imported as `<path>/dist/src/codegen/program-support.js`.
   */
  runtimeImport?: string;
  /** The spec's folder, relative to the generated file's folder, for data and model paths; default `.`. */
  specDir?: string;
  /** The project root (data may not be read outside it), relative to the generated file's folder; default `specDir`. */
  projectRoot?: string;
  /** The spec's file name, for the header comment. */
  specName?: string;
}

export type TypeScriptResult = { ok: true; text: string; experiment: string } | { ok: false; problems: string[] };

/** The helper names the program declares; generated names never take them. */
const PROGRAM_NAMES = [
  'here', 'where', 'main', 'train', 'evaluate', 'fraction', 'setLearningRate', 'clipByGlobalNorm', 'accuracy',
  'binaryAccuracy', 'formatValue', 'formatResults', 'random', 'backend', 'Loss', 'Metric', 'Schedule', 'Task',
  'customLayers', 'catalogMetric', 'prepareData', 'selectBackend', 'toBatch', 'SeededRandom', 'isRunError',
  'isDataError', 'loadPretrainedModel', 'fileURLToPath', 'Batch', 'PreparedData', 'SplitName', 'IrData',
];

/** The module specifier of Kiln's program support for a `--runtime-import` value. */
export function runtimeModule(runtimeImport: string): string {
  const isPath = runtimeImport.startsWith('.') || runtimeImport.startsWith('/');
  if (!isPath) return `${runtimeImport}/program`;
  return `${runtimeImport.replace(/\/+$/, '')}/dist/src/codegen/program-support.js`;
}

function pickExperiment(ir: IrProgram, name: string | undefined): IrExperiment | string {
  const names = Object.keys(ir.experiments);
  if (name !== undefined) return ir.experiments[name] ?? `there is no experiment \`${name}\`${names.length ? ` (the experiments are: ${names.join(', ')})` : ''}`;
  if (names.length === 1) return ir.experiments[names[0]];
  if (names.length === 0) return 'the spec declares no experiment to generate';
  return `the spec declares ${names.length} experiments: choose one with --experiment (${names.join(', ')})`;
}

function lowerIsBetter(monitor: string): boolean {
  const base = monitor.replace(/^val_/, '');
  if (base === 'loss') return true;
  const entry = findEntry(base, 'metric');
  return entry ? !entry.higherIsBetter : true;
}

function dataComment(d: IrData): string {
  const split = [d.split.train, d.split.val, d.split.test].map(numberLiteral).join('/');
  const stratify = d.split.stratify ? ` stratified by ${d.split.stratify}` : '';
  return `// data ${d.name}: ${specCall(d.source)}, split ${split}${stratify}, seed ${d.seed}, batch ${d.batch}, shuffle ${d.shuffle}`;
}

/** One line per feature: `image: f32[28, 28, 1] = pixels |> scale(factor: 0.0039)`. */
function featureLines(d: IrData): string[] {
  return d.features.map((f) => {
    const chain = f.transforms.map((t) => ` |> ${specCall(t)}`).join('');
    return `//   ${f.name}: ${specType(f.type)} = ${specValue(f.from)}${chain}${f.label ? ' (label)' : ''}`;
  });
}

interface TaskInfo {
  name: string;
  text: string;
  /** Whether the model's output is a single logit (binary). */
  binary: boolean;
}

function emitTask(model: IrModel, data: IrData, name: string): TaskInfo | string {
  const inputs = new Set(model.inputs.map((i) => i.name));
  const target = data.features.find((f) => f.label && !inputs.has(f.name)) ?? data.features.find((f) => !inputs.has(f.name) && f.type.classes !== undefined);
  if (!target) return `data \`${data.name}\` has no label feature for model \`${model.name}\` to learn`;
  for (const input of model.inputs) {
    if (!data.features.some((f) => f.name === input.name)) return `model \`${model.name}\` takes \`${input.name}\`, which data \`${data.name}\` does not provide`;
  }
  const reads = model.inputs.map((i) => member('batch.features', i.name));
  const value = member('batch.features', target.name);
  const classes = target.type.classes;
  const targetCode =
    classes !== undefined
      ? `tf.cast(tf.oneHot(tf.cast(tf.reshape(${value}, [-1]), 'int32') as tf.Tensor1D, ${classes}), 'float32')`
      : `tf.cast(${value}, 'float32')`;
  const what = classes !== undefined ? `class[${classes}], one-hot` : specType(target.type);
  const out = model.output.shape;
  const binary = out.length === 0 || (out.length === 1 && out[0] === 1);
  const text = [
    `/** ${model.name} on ${data.name}: reads ${model.inputs.map((i) => `\`${i.name}\``).join(', ')}, predicts \`${target.name}\` (${what}). */`,
    `const ${name}: Task = {`,
    `inputs: (batch) => ${reads.length === 1 ? reads[0] : `[${reads.join(', ')}]`},`,
    `target: (batch) => ${targetCode},`,
    '};',
  ].join('\n');
  return { name, text, binary };
}

function stepComment(step: IrStep): string {
  switch (step.kind) {
    case 'train':
      return `// train ${step.model} on ${step.data} with ${step.schedule}`;
    case 'distill':
      return `// distill ${step.distill} on ${step.data} with ${step.schedule}`;
    case 'evaluate':
      return `// evaluate ${step.model} on ${step.data}.${step.split}${step.metrics.length ? ` metrics [${step.metrics.join(', ')}]` : ''}`;
  }
}

/** Generates the program's text, formatted; or the reasons it cannot. */
export async function generateTypeScript(ir: IrProgram, options: TypeScriptOptions = {}): Promise<TypeScriptResult> {
  const picked = pickExperiment(ir, options.experiment);
  if (typeof picked === 'string') return { ok: false, problems: [picked] };
  const experiment = picked;
  const problems: string[] = [];
  const scope = new NameScope(PROGRAM_NAMES);

  for (const step of experiment.steps) {
    if (step.kind === 'distill') {
      problems.push(`experiment \`${experiment.name}\`: distillation (\`distill ${step.distill}\`) is not supported by --emit ts yet; run it with \`kiln run\``);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const steps = experiment.steps.filter((s): s is Exclude<IrStep, { kind: 'distill' }> => s.kind !== 'distill');

  // Everything the experiment uses, in the order its steps first name it.
  const dataNames = [...new Set(steps.map((s) => s.data))];
  const modelNames = [...new Set(steps.map((s) => s.model))];
  const scheduleNames = [...new Set(steps.flatMap((s) => (s.kind === 'train' ? [s.schedule] : [])))];
  for (const d of dataNames) if (!ir.data[d]) problems.push(`experiment \`${experiment.name}\` uses data \`${d}\`, which the program does not define`);
  for (const m of modelNames) if (!ir.models[m]) problems.push(`experiment \`${experiment.name}\` uses model \`${m}\`, which the program does not define`);
  for (const s of scheduleNames) if (!ir.schedules[s]) problems.push(`experiment \`${experiment.name}\` uses schedule \`${s}\`, which the program does not define`);
  if (problems.length > 0) return { ok: false, problems };

  const dataVars = new Map(dataNames.map((d) => [d, scope.claim(d)]));
  const preparedVars = new Map(dataNames.map((d) => [d, scope.claim(`${d}_data`)]));
  const modelVars = new Map(modelNames.map((m) => [m, scope.claim(m)]));

  // Models.
  const models = new Map<string, ModelCode>();
  const custom = new Set<CustomLayerName>();
  for (const m of modelNames) {
    const code = emitModel(ir.models[m]);
    if ('problems' in code) problems.push(...code.problems);
    else {
      models.set(m, code);
      for (const c of code.customLayers) custom.add(c);
    }
  }

  // Schedules.
  const features: ScheduleFeatures = { clipNorm: false, weightDecay: false, earlyStop: false, fraction: false };
  const scheduleVars = new Map<string, string>();
  const scheduleTexts: string[] = [];
  for (const s of scheduleNames) {
    const schedule: IrSchedule = ir.schedules[s];
    const constant = scope.claim(s);
    const code = emitSchedule(schedule, { constant, learningRate: scope.claim(`${s}_learning_rate`) }, lowerIsBetter);
    if ('problems' in code) {
      problems.push(...code.problems);
      continue;
    }
    scheduleVars.set(s, constant);
    scheduleTexts.push(code.text);
    for (const k of Object.keys(features) as (keyof ScheduleFeatures)[]) features[k] ||= code.features[k];
  }

  // Tasks: one per (model, data) pair.
  const tasks = new Map<string, TaskInfo>();
  const taskKey = (model: string, data: string) => `${model}\u0000${data}`;
  for (const s of steps) {
    const key = taskKey(s.model, s.data);
    if (tasks.has(key)) continue;
    const t = emitTask(ir.models[s.model], ir.data[s.data], scope.claim(`${s.model}_on_${s.data}`));
    if (typeof t === 'string') problems.push(t);
    else tasks.set(key, t);
  }
  if (problems.length > 0) return { ok: false, problems };

  // Metrics: accuracy is written out; the others come from Kiln's catalog.
  const metricVars = new Map<string, string>();
  const accuracyKinds = new Set<'classes' | 'binary'>();
  const metricsObject = (names: readonly string[], binary: boolean): string => {
    const unique = [...new Set(names)].filter((n) => n !== 'loss');
    const entries = unique.map((n) => {
      if (n === 'accuracy') {
        accuracyKinds.add(binary ? 'binary' : 'classes');
        return binary ? 'accuracy: binaryAccuracy' : 'accuracy';
      }
      let v = metricVars.get(n);
      if (!v) {
        v = scope.claim(n);
        metricVars.set(n, v);
      }
      return v === n ? n : `${propertyKey(n)}: ${v}`;
    });
    return `{ ${entries.join(', ')} }`;
  };

  // main(): the steps in order.
  const random = 'random';
  const body: string[] = [];
  body.push("const backend = await selectBackend('auto'); // 'wasm' or 'cpu' to choose");
  body.push('console.log(`backend ${backend.reason}`);');
  body.push(`// experiment ${experiment.name}: seed ${experiment.seed}; weight initialisers draw from Math.random, seeded by it`);
  body.push(`const ${random} = new SeededRandom(${experiment.seed});`);
  for (const d of dataNames) {
    const v = preparedVars.get(d)!;
    body.push(`const ${v} = await prepareData(${dataVars.get(d)}, where);`);
    body.push(`console.log(\`data ${d}: \${${v}.sizes.train} train / \${${v}.sizes.val} val / \${${v}.sizes.test} test\`);`);
  }
  for (const m of modelNames) {
    const code = models.get(m)!;
    body.push(
      code.async
        ? `const ${modelVars.get(m)} = await ${random}.runAsync(() => ${code.builder}());`
        : `const ${modelVars.get(m)} = ${random}.run(() => ${code.builder}());`,
    );
  }
  const trainedWith = new Map<string, string>();
  const evaluatedOnTest = new Set<string>();
  for (const s of steps) {
    const task = tasks.get(taskKey(s.model, s.data))!;
    const model = modelVars.get(s.model)!;
    const data = preparedVars.get(s.data)!;
    body.push(stepComment(s));
    if (s.kind === 'train') {
      const schedule = ir.schedules[s.schedule];
      const metricNames = [...schedule.metrics];
      for (const e of steps) if (e.kind === 'evaluate' && e.model === s.model) metricNames.push(...e.metrics);
      body.push(`await train(${model}, ${data}, ${scheduleVars.get(s.schedule)}, ${task.name}, ${metricsObject(metricNames, task.binary)}, ${random});`);
      trainedWith.set(s.model, s.schedule);
    } else {
      const schedule = trainedWith.get(s.model);
      const loss = schedule ? `${scheduleVars.get(schedule)}.loss` : 'undefined';
      const results = scope.claim(`${s.model}_${s.split}`);
      body.push(`const ${results} = await evaluate(${model}, ${data}, ${stringLiteral(s.split)}, ${task.name}, ${loss}, ${metricsObject(s.metrics, task.binary)});`);
      body.push(`console.log(formatResults(${stringLiteral(`${s.split} ${s.model}`)}, ${results}));`);
      if (s.split === 'test') evaluatedOnTest.add(s.model);
    }
  }
  // As `kiln run` does: every trained model ends with a test evaluation, asked for or not.
  for (const [m, schedule] of trainedWith) {
    if (evaluatedOnTest.has(m)) continue;
    const trainStep = steps.find((s) => s.kind === 'train' && s.model === m)!;
    if (ir.data[trainStep.data].split.test <= 0) continue;
    const task = tasks.get(taskKey(m, trainStep.data))!;
    const metrics = metricsObject(ir.schedules[schedule].metrics, task.binary);
    body.push(`// every trained model ends with a test evaluation, as \`kiln run\` does`);
    const results = scope.claim(`${m}_test`);
    body.push(`const ${results} = await evaluate(${modelVars.get(m)}, ${preparedVars.get(trainStep.data)}, 'test', ${task.name}, ${scheduleVars.get(schedule)}.loss, ${metrics});`);
    body.push(`console.log(formatResults(${stringLiteral(`test ${m}`)}, ${results}));`);
  }
  if (experiment.sweep.length > 0) {
    body.push(`// not generated: sweep { ${experiment.sweep.map((p) => `${p.parameter} in ${specValue(p.values)}`).join(', ')} }; this program runs the spec's own values`);
  }

  // Assemble.
  const needsPretrained = [...models.values()].some((m) => m.pretrained);
  const loop: LoopFeatures = { ...features, accuracy: accuracyKinds.has('classes'), binaryAccuracy: accuracyKinds.has('binary') };
  const support = [
    ...(metricVars.size > 0 ? ['catalogMetric'] : []),
    ...(custom.size > 0 ? ['customLayers'] : []),
    'isDataError',
    'isRunError',
    ...(needsPretrained ? ['loadPretrainedModel'] : []),
    'prepareData',
    'SeededRandom',
    'selectBackend',
    'toBatch',
    'type Batch',
    'type IrData',
    'type PreparedData',
    'type SplitName',
  ];
  const specDir = options.specDir ?? '.';
  const projectRoot = options.projectRoot ?? specDir;
  const source = options.specName ?? ir.source;

  const sections: string[] = [];
  sections.push(
    [
      `// Experiment \`${experiment.name}\` of ${source}, as a standalone TensorFlow.js program.`,
      `// Written by \`kiln compile --emit ts\` from the spec's IR; edit it freely.`,
      '// Compile it with tsc (or use a TypeScript runner) and run it with Node 20 or later.',
      '',
      "import * as path from 'node:path';",
      "import { fileURLToPath } from 'node:url';",
      "import * as tf from '@tensorflow/tfjs-core';",
      "import * as tfl from '@tensorflow/tfjs-layers';",
      `import { ${support.join(', ')} } from ${stringLiteral(runtimeModule(options.runtimeImport ?? 'kiln'))};`,
    ].join('\n'),
  );
  sections.push(
    [
      "// The spec's relative paths start from its folder; data is never read from outside the project.",
      'const here = path.dirname(fileURLToPath(import.meta.url));',
      `const where = { specDir: path.resolve(here, ${stringLiteral(specDir)}), projectRoot: path.resolve(here, ${stringLiteral(projectRoot)}) };`,
    ].join('\n'),
  );
  if (custom.size > 0) {
    sections.push(`// Kiln's own layers, registered with tf.js so a saved model can be loaded again.\nconst { ${[...custom].sort().join(', ')} } = customLayers();`);
  }
  for (const d of dataNames) {
    const data = ir.data[d];
    sections.push(
      [
        dataComment(data),
        ...featureLines(data),
        ...(data.augment.some((a) => a.ops.length > 0) ? [`//   augment (train split only): ${data.augment.map((a) => `${a.feature} ${a.ops.map((o) => `|> ${specCall(o)}`).join(' ')}`).join('; ')}`] : []),
        "// Kiln's data pipeline reads, validates, splits, transforms, shuffles and batches it.",
        `const ${dataVars.get(d)}: IrData = ${tsLiteral(data)};`,
      ].join('\n'),
    );
  }
  for (const m of modelNames) sections.push(models.get(m)!.text);
  sections.push(typesText(loop));
  sections.push(...scheduleTexts);
  for (const t of tasks.values()) sections.push(t.text);
  if (metricVars.size > 0) {
    sections.push([...metricVars].map(([n, v]) => `const ${v} = catalogMetric(${stringLiteral(n)}); // Kiln's \`${n}\``).join('\n'));
  }
  sections.push(helpersText(loop));
  sections.push(evaluateText());
  sections.push(trainText(loop));
  sections.push([`/** experiment ${experiment.name}: its steps, in order. */`, 'async function main(): Promise<void> {', ...body, '}'].join('\n'));
  sections.push(
    [
      'main().catch((error: unknown) => {',
      "// Kiln's errors (bad data, a missing file) are messages for the user; anything else is a bug.",
      'if (isRunError(error) || isDataError(error)) {',
      'console.error(`error: ${error.message}`);',
      'process.exitCode = 1;',
      '} else {',
      'throw error;',
      '}',
      '});',
    ].join('\n'),
  );

  const raw = `${sections.join('\n\n')}\n`;
  try {
    const text = await prettier.format(raw, { parser: 'typescript', printWidth: 100, singleQuote: true, trailingComma: 'all' });
    return { ok: true, text, experiment: experiment.name };
  } catch (e) {
    // The emitters wrote something that does not parse: a bug here, not the user's.
    return { ok: false, problems: [`internal error: the generated program does not parse: ${(e as Error).message.split('\n')[0]}`] };
  }
}
