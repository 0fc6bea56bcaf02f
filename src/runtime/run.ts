// Runs one experiment of an IR program: chooses the backend, prepares the
// data, builds the models, runs the experiment's steps in order (train,
// evaluate) and leaves a run folder behind (see run-folder.ts). Seeded: the
// same IR, seed and backend give the same metrics, and a resumed run ends
// exactly where an uninterrupted one would.
//
// Problems the user can fix come out as RunError or DataError (one clear
// message each); `kiln run` prints them without a stack.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type BackendChoice, type BackendRequest } from './backend/index.js';
import type { IrExperiment, IrModel, IrProgram, IrStep } from '../ir/types.js';
import { RunError } from './errors.js';
import { prepareData, type PreparedData, type SplitName } from './data/prepare.js';
import { buildModel, countParams } from './model/build.js';
import { fileSystemIO } from './io/file-io.js';
import { MetricsLog, type MetricsRecord } from './metrics-log.js';
import { silentReporter, type RunReporter } from './progress.js';
import { createRunFolder, findResumableRun, readJson, writeJson, type RunSettings } from './run-folder.js';
import { CHECKPOINT_DIR, loadCheckpointTensors, readCheckpointState, type CheckpointState } from './train/checkpoint.js';
import { buildMetrics, evaluate } from './train/evaluate.js';
import { trainStage, type StageOutcome } from './train/loop.js';
import { SeededRandom } from './train/seeded-random.js';
import { targetFor } from './train/targets.js';
import { findEntry } from '../catalog/index.js';
import { callArgs } from './ir-values.js';
import { writeReport } from '../report/report.js';
import { distillStage } from './distill/stage.js';

export interface RunOptions {
  /** Which experiment; optional when the program has exactly one. */
  experiment?: string;
  backend?: BackendRequest;
  /** The run folder; default runsDir/EXPERIMENT/TIMESTAMP. */
  out?: string;
  /** Default `runs` under the current folder. */
  runsDir?: string;
  /** Continue the run in `out` (or the newest unfinished one) from its checkpoint. */
  resume?: boolean;
  /** Overrides every schedule's epoch count, for quick tries. */
  epochs?: number;
  /** Folder that the IR's relative paths (data files, pretrained models) start from. */
  baseDir: string;
  /** Data paths may not leave this folder; default baseDir. */
  projectRoot?: string;
  /** The spec to copy into the run folder as spec.kiln. */
  specFile?: string;
  reporter?: RunReporter;
  /** Polled after every step; true makes the run checkpoint and return `interrupted`. */
  shouldStop?: () => boolean;
  /** Cache the teachers' outputs in distillation steps on data that is not augmented (default true; off for measurements). */
  teacherCache?: boolean;
}

export interface ModelSummary {
  parameters: { total: number; trainable: number };
  epochs: number;
  steps: number;
  stopped_early: boolean;
  /** Final metrics per split: train (last epoch's loss), val (last epoch), test. */
  final: Partial<Record<SplitName, Record<string, number>>>;
}

export interface RunSummary {
  experiment: string;
  backend: string;
  backend_reason: string;
  seed: number;
  started: string;
  duration_seconds: number;
  /** Rows per split; with `on_error skip`, also the bad rows skipped and why. */
  data: Record<string, Record<SplitName, number> & { skipped?: number; skipped_reasons?: PreparedData['badRows']['reasons'] }>;
  models: Record<string, ModelSummary>;
}

export interface RunResult {
  folder: string;
  status: 'done' | 'interrupted';
  backend: BackendChoice;
  records: MetricsRecord[];
  /** Set when done. */
  summary?: RunSummary;
  /** Where the interrupted run stopped, for the "resume with" hint. */
  stoppedAt?: { model: string; epoch: number; step: number };
}

export function pickExperiment(program: IrProgram, name: string | undefined): IrExperiment {
  const names = Object.keys(program.experiments);
  if (name !== undefined) {
    const e = program.experiments[name];
    if (!e) throw new RunError(`there is no experiment \`${name}\``, [names.length ? `the experiments are: ${names.join(', ')}` : 'the spec declares no experiment']);
    return e;
  }
  if (names.length === 1) return program.experiments[names[0]];
  if (names.length === 0) throw new RunError('the spec declares no experiment to run', ['add an `experiment` block with a `train` step']);
  throw new RunError(`the spec declares ${names.length} experiments: choose one with --experiment`, [`the experiments are: ${names.join(', ')}`]);
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The models a step uses, teachers before the student. */
function stepModels(program: IrProgram, step: IrStep): string[] {
  if (step.kind !== 'distill') return [step.model];
  const d = program.distills[step.distill];
  return d ? [...d.teachers, d.student] : [];
}

/** The model a step trains (a distill step trains its student). */
function trainedModel(program: IrProgram, step: IrStep): string | undefined {
  if (step.kind === 'train') return step.model;
  if (step.kind === 'distill') return program.distills[step.distill]?.student;
  return undefined;
}

/** Whether a model's weights all come from saved models (`pretrained` stages): then it needs no training. */
function isLoaded(model: IrModel): boolean {
  return model.nodes.some((n) => n.op === 'pretrained') && model.nodes.every((n) => n.op === 'pretrained' || n.params === 0);
}

function stripVal(record: MetricsRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(record)) if (k.startsWith('val_') && typeof v === 'number') out[k.slice(4)] = v;
  return out;
}

function measured(record: MetricsRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(record)) if (typeof v === 'number' && !['epoch', 'step', 'lr', 'examples_per_sec', 'seconds'].includes(k)) out[k] = v;
  return out;
}

export async function runExperiment(program: IrProgram, options: RunOptions): Promise<RunResult> {
  const reporter = options.reporter ?? silentReporter;
  const runsDir = options.runsDir ?? path.resolve('runs');
  const shouldStop = options.shouldStop ?? (() => false);

  // Which folder, and from where.
  let folder: string;
  let resumeState: CheckpointState | undefined;
  let settings: RunSettings;
  if (options.resume) {
    folder = findResumableRun(runsDir, options.experiment, options.out);
    if (fs.existsSync(path.join(folder, 'summary.json'))) throw new RunError(`the run in ${folder} has already finished`);
    resumeState = readCheckpointState(folder);
    if (!resumeState) throw new RunError(`there is no checkpoint to resume in ${folder}`);
    program = readJson<IrProgram>(path.join(folder, 'ir.json'), 'the IR of the run');
    settings = readJson<RunSettings>(path.join(folder, 'run.json'), 'the settings of the run');
  } else {
    const experiment = pickExperiment(program, options.experiment);
    folder = createRunFolder(runsDir, experiment.name, options.out);
    settings = { experiment: experiment.name, epochs: options.epochs, started: new Date().toISOString() };
    writeJson(path.join(folder, 'ir.json'), program);
    writeJson(path.join(folder, 'run.json'), settings);
    if (options.specFile && fs.existsSync(options.specFile)) fs.copyFileSync(options.specFile, path.join(folder, 'spec.kiln'));
  }
  const experiment = pickExperiment(program, settings.experiment);
  const sessionStart = performance.now();
  const elapsedBefore = resumeState?.elapsed ?? 0;
  const elapsed = () => elapsedBefore + (performance.now() - sessionStart) / 1000;

  const backend = await selectBackend(options.backend ?? 'auto');
  reporter.line(`kiln run ${experiment.name}${resumeState ? ` (resumed at epoch ${resumeState.epoch}, step ${resumeState.globalStep})` : ''}`);
  reporter.line(`backend ${backend.reason}`);

  // Data and models, in the order the steps use them.
  const where = { specDir: options.baseDir, projectRoot: options.projectRoot ?? options.baseDir };
  const data = new Map<string, PreparedData>();
  for (const step of experiment.steps) {
    if (step.kind === 'distill') {
      const d = program.distills[step.distill];
      if (!d) throw new RunError(`experiment \`${experiment.name}\` uses distillation \`${step.distill}\`, which the program does not define`);
      checkTeachersReady(program, experiment, step.distill);
    }
    if (data.has(step.data)) continue;
    const ir = program.data[step.data];
    if (!ir) throw new RunError(`experiment \`${experiment.name}\` uses data \`${step.data}\`, which the program does not define`);
    data.set(step.data, await prepareData(ir, where, { runDir: folder }));
  }
  const rng = new SeededRandom(experiment.seed);
  const models = new Map<string, tfl.LayersModel>();
  for (const step of experiment.steps) {
    for (const name of stepModels(program, step)) {
      if (models.has(name)) continue;
      const ir = program.models[name];
      if (!ir) throw new RunError(`experiment \`${experiment.name}\` uses model \`${name}\`, which the program does not define`);
      models.set(name, await rng.runAsync(() => buildModel(ir, { baseDir: options.baseDir })));
    }
  }
  const sizes = [...data.values()].map((d) => `data ${d.name}: ${formatCount(d.sizes.train)} train / ${formatCount(d.sizes.val)} val / ${formatCount(d.sizes.test)} test${d.badRows.skipped > 0 ? ` (${formatCount(d.badRows.skipped)} bad rows skipped)` : ''}`);
  const params = [...models].map(([name, m]) => {
    const c = countParams(m);
    return `model ${name}: ${formatCount(c.total)} parameters${c.trainable !== c.total ? ` (${formatCount(c.trainable)} trainable)` : ''}`;
  });
  reporter.line(`seed ${experiment.seed} · ${sizes.join(' · ')} · ${params.join(' · ')}`);
  for (const d of data.values()) for (const l of d.badRows.lines) reporter.line(`data ${d.name}: ${l}`);
  reporter.line(`run folder ${path.relative(process.cwd(), folder) || '.'}`);

  const log = new MetricsLog(path.join(folder, 'metrics.jsonl'));
  if (resumeState) log.truncate(resumeState.metricsLines);
  const trained = [...new Set(experiment.steps.map((s) => trainedModel(program, s)).filter((m): m is string => m !== undefined))];
  const modelDir = (name: string) => path.join(folder, trained.length <= 1 ? 'model' : path.join('model', name));
  const outcomes = new Map<string, StageOutcome>();
  const evaluatedTest = new Set<string>();
  const schedules = new Map<string, string>();

  const resumeTensors = resumeState && !resumeState.stageDoneFlag ? loadCheckpointTensors(folder) : undefined;
  if (resumeState) rng.restoreFrom(resumeState.random);

  /** A stage finished in an earlier session: its final weights are in the run folder. */
  const restoreFinished = async (name: string, model: tfl.LayersModel, epochs: number): Promise<void> => {
    const saved = await tfl.loadLayersModel(fileSystemIO(modelDir(name)));
    model.setWeights(saved.getWeights());
    saved.dispose();
    outcomes.set(name, { status: 'done', epochsRun: epochs, stoppedEarly: false, globalStep: 0 });
  };
  const finishedEarlier = (index: number): boolean =>
    Boolean(resumeState && (index < resumeState.stage || (index === resumeState.stage && resumeState.stageDoneFlag)));
  /** What every training stage (plain or distilled) is given. */
  const stageSettings = (index: number, epochs: number, metricNames: string[]) => ({
    stage: index,
    epochs,
    metrics: buildMetrics(metricNames),
    rng,
    runDir: folder,
    log,
    reporter,
    shouldStop,
    elapsed,
    resume: resumeState && index === resumeState.stage && resumeTensors ? { state: resumeState, tensors: resumeTensors } : undefined,
  });
  /** After a stage: an interrupted run stops here; a finished stage saves its model. */
  const finishStage = async (name: string, model: tfl.LayersModel, outcome: StageOutcome): Promise<RunResult | undefined> => {
    outcomes.set(name, outcome);
    if (outcome.status === 'interrupted') {
      writeReport(folder);
      return { folder, status: 'interrupted', backend, records: log.records, stoppedAt: { model: name, epoch: outcome.last?.epoch ?? 0, step: outcome.globalStep } };
    }
    await model.save(fileSystemIO(modelDir(name)));
    markStageDone(folder);
    return undefined;
  };

  for (let index = 0; index < experiment.steps.length; index++) {
    const step = experiment.steps[index];
    if (step.kind === 'distill') {
      const d = program.distills[step.distill]!;
      const schedule = program.schedules[step.schedule];
      if (!schedule) throw new RunError(`experiment \`${experiment.name}\` uses schedule \`${step.schedule}\`, which the program does not define`);
      schedules.set(d.student, step.schedule);
      const epochs = settings.epochs ?? schedule.epochs;
      const student = models.get(d.student)!;
      if (finishedEarlier(index)) {
        await restoreFinished(d.student, student, epochs);
        continue;
      }
      const metricNames = [...schedule.metrics];
      for (const s of experiment.steps) if (s.kind === 'evaluate' && (s.model === d.student || d.teachers.includes(s.model))) metricNames.push(...s.metrics);
      const dataIr = program.data[step.data];
      const outcome = await distillStage({
        distill: d,
        student: { ir: program.models[d.student], model: student },
        teachers: d.teachers.map((t) => ({ ir: program.models[t], model: models.get(t)! })),
        augmented: dataIr.augment.some((a) => a.ops.length > 0),
        cache: options.teacherCache,
        data: data.get(step.data)!,
        schedule,
        ...stageSettings(index, epochs, metricNames),
      });
      const stopped = await finishStage(d.student, student, outcome);
      if (stopped) return stopped;
      continue;
    }
    const model = models.get(step.model)!;
    const modelIr = program.models[step.model];
    const prepared = data.get(step.data)!;
    if (step.kind === 'train') {
      const schedule = program.schedules[step.schedule];
      if (!schedule) throw new RunError(`experiment \`${experiment.name}\` uses schedule \`${step.schedule}\`, which the program does not define`);
      schedules.set(step.model, step.schedule);
      const epochs = settings.epochs ?? schedule.epochs;
      if (finishedEarlier(index)) {
        await restoreFinished(step.model, model, epochs);
        continue;
      }
      const metricNames = [...schedule.metrics];
      for (const s of experiment.steps) if (s.kind === 'evaluate' && s.model === step.model) metricNames.push(...s.metrics);
      const outcome = await trainStage({
        ir: modelIr,
        model,
        data: prepared,
        schedule,
        ...stageSettings(index, epochs, metricNames),
      });
      const stopped = await finishStage(step.model, model, outcome);
      if (stopped) return stopped;
      continue;
    }
    // evaluate
    if (resumeState && index < resumeState.stage) continue;
    const record = await evaluationRecord(step.model, modelIr, prepared, step.split, step.metrics, schedules.get(step.model), outcomes.get(step.model));
    log.append(record);
    if (step.split === 'test') evaluatedTest.add(step.model);
  }

  // Every trained model ends with a test evaluation, asked for or not.
  // So are the teachers of a distillation, trained here or loaded, to compare with their students.
  const finalTest = [...trained];
  for (const s of experiment.steps) if (s.kind === 'distill') for (const t of program.distills[s.distill]?.teachers ?? []) if (!finalTest.includes(t)) finalTest.push(t);
  for (const name of finalTest) {
    if (evaluatedTest.has(name)) continue;
    const step = experiment.steps.find((s) => trainedModel(program, s) === name) ?? experiment.steps.find((s) => s.kind === 'distill' && program.distills[s.distill]?.teachers.includes(name));
    if (!step || step.kind === 'evaluate') continue;
    const prepared = data.get(step.data)!;
    if (prepared.sizes.test === 0) continue;
    const schedule = program.schedules[step.schedule];
    log.append(await evaluationRecord(name, program.models[name], prepared, 'test', schedule.metrics, schedules.get(name) ?? step.schedule, outcomes.get(name)));
  }

  async function evaluationRecord(name: string, modelIr: IrProgram['models'][string], prepared: PreparedData, split: SplitName, metricNames: string[], scheduleName: string | undefined, outcome: StageOutcome | undefined): Promise<MetricsRecord> {
    const schedule = scheduleName ? program.schedules[scheduleName] : undefined;
    const lossEntry = schedule ? findEntry(schedule.loss.op, 'loss') : undefined;
    const loss = lossEntry && schedule ? lossEntry.build(callArgs(schedule.loss)) : undefined;
    const target = targetFor(modelIr, prepared.features, prepared.name);
    const result = await evaluate(models.get(name)!, modelIr.inputs.map((i) => i.name), prepared, split, target, loss, buildMetrics(metricNames));
    const lastTrain = [...log.records].reverse().find((r) => r.model === name && r.split === 'train');
    return { split, model: name, epoch: lastTrain?.epoch ?? outcome?.epochsRun ?? 0, step: lastTrain?.step ?? outcome?.globalStep ?? 0, ...result.values };
  }

  const summary: RunSummary = {
    experiment: experiment.name,
    backend: backend.name,
    backend_reason: backend.reason,
    seed: experiment.seed,
    started: settings.started,
    duration_seconds: elapsed(),
    data: Object.fromEntries([...data].map(([n, d]) => [n, d.badRows.skipped > 0 ? { ...d.sizes, skipped: d.badRows.skipped, skipped_reasons: d.badRows.reasons } : d.sizes])),
    models: {},
  };
  for (const [name, model] of models) {
    const records = log.records.filter((r) => r.model === name);
    const lastTrain = [...records].reverse().find((r) => r.split === 'train');
    const final: ModelSummary['final'] = {};
    if (lastTrain) {
      if (lastTrain.loss !== undefined) final.train = { loss: lastTrain.loss };
      const val = stripVal(lastTrain);
      if (Object.keys(val).length > 0) final.val = val;
    }
    for (const r of records) if (r.split !== 'train') final[r.split] = { ...(final[r.split] ?? {}), ...measured(r) };
    const outcome = outcomes.get(name);
    summary.models[name] = {
      parameters: countParams(model),
      epochs: lastTrain?.epoch ?? 0,
      steps: lastTrain?.step ?? 0,
      stopped_early: outcome?.stoppedEarly ?? false,
      final,
    };
  }
  writeJson(path.join(folder, 'summary.json'), summary);
  writeReport(folder);
  for (const m of models.values()) m.dispose();
  return { folder, status: 'done', backend, records: log.records, summary };
}

/** Marks the checkpoint's stage as complete, so a resume continues after it. */
function markStageDone(folder: string): void {
  const file = path.join(folder, CHECKPOINT_DIR, 'state.json');
  if (!fs.existsSync(file)) return;
  const state = readJson<CheckpointState>(file, 'the checkpoint');
  writeJson(file, { ...state, stageDoneFlag: true });
}

/**
 * A teacher must know something before a student learns from it: it is
 * trained by a `train` step earlier in the experiment, or built entirely from
 * saved (`pretrained`) models. The checker reports the same (K4029); this
 * guards IR written by other tools.
 */
function checkTeachersReady(program: IrProgram, experiment: IrExperiment, distillName: string): void {
  const at = experiment.steps.findIndex((s) => s.kind === 'distill' && s.distill === distillName);
  const before = experiment.steps.slice(0, at);
  for (const t of program.distills[distillName]?.teachers ?? []) {
    const ir = program.models[t];
    if (!ir) throw new RunError(`distillation \`${distillName}\` uses model \`${t}\`, which the program does not define`);
    const trainedBefore = before.some((s) => trainedModel(program, s) === t);
    if (!trainedBefore && !isLoaded(ir)) {
      throw new RunError(`experiment \`${experiment.name}\`: teacher \`${t}\` of \`${distillName}\` is neither trained before the distillation nor loaded from a saved model`, [`add \`train ${t} on …\` before \`distill ${distillName} …\`, or build \`${t}\` from \`pretrained("…/model.json")\``]);
    }
  }
}
