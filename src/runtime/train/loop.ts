// The training loop of one `train` step: a custom loop rather than
// model.fit, so that the rate changes every step, gradients are clipped by
// their global norm, weight decay is decoupled, randomness is seeded, the
// loss is checked for NaN at every step, and the run can stop anywhere
// (Ctrl-C) and continue later from a checkpoint to the very same result.
// Each epoch: train over the shuffled training split, evaluate on the
// validation split, append a line to metrics.jsonl, write a checkpoint,
// and apply early stopping.

import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { findEntry } from '../../catalog/index.js';
import { toBatch, type Batch } from '../../data/tensorize.js';
import type { Example } from '../../data/example.js';
import type { IrModel, IrSchedule } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { callArgs } from '../ir-values.js';
import type { MetricsLog, MetricsRecord } from '../metrics-log.js';
import type { PreparedData } from '../data/prepare.js';
import type { RunReporter } from '../progress.js';
import { CHECKPOINT_DIR, saveCheckpoint, setModelWeights, type CheckpointState, type EarlyStopState, type LoadedCheckpoint } from './checkpoint.js';
import { evaluate, type NamedMetric } from './evaluate.js';
import { buildOptimizer } from './optimizer.js';
import { learningRatePlan } from './schedule.js';
import type { SeededRandom } from './seeded-random.js';
import { supervisedObjective, trainStep, trainableVariables, type Objective } from './step.js';
import { targetFor } from './targets.js';
import { plannedUnfreezes, unfreezeLayer } from './unfreeze.js';

export interface TrainStage {
  /** Index of this step in the experiment. */
  stage: number;
  ir: IrModel;
  model: tfl.LayersModel;
  data: PreparedData;
  schedule: IrSchedule;
  epochs: number;
  /** Computed on the validation split after every epoch. */
  metrics: NamedMetric[];
  rng: SeededRandom;
  runDir: string;
  log: MetricsLog;
  reporter: RunReporter;
  /** Polled after every step: true once the user asked to stop (Ctrl-C). */
  shouldStop: () => boolean;
  /** Seconds this run has taken so far, over all sessions. */
  elapsed: () => number;
  resume?: { state: CheckpointState; tensors: LoadedCheckpoint };
  /** Replaces the supervised objective (a distillation step); default: the schedule's loss. */
  objective?: StageObjective;
}

/**
 * What a stage trains for, when it is not the schedule's loss on the labels:
 * distillation adds the teachers' outputs to every batch (outside the
 * gradient tape) and trains extra variables (hint projections) with the model.
 */
export interface StageObjective {
  objective: Objective;
  /** Trained with the model (and by the same optimizer). */
  variables: tf.Variable[];
  /** Adds what the objective reads to the batch; its tensors are disposed with the batch's features. */
  prepare?(examples: readonly Example[], batch: Batch, epoch: number): void;
  /** Added to every epoch's line of metrics.jsonl (the teacher's validation metrics). */
  record?(): Record<string, number | string>;
}

export interface StageOutcome {
  status: 'done' | 'interrupted';
  epochsRun: number;
  stoppedEarly: boolean;
  globalStep: number;
  /** The last epoch's record. */
  last?: MetricsRecord;
}

/** Adam keeps beta1^t and beta2^t as variables that getWeights does not return. */
const OPTIMIZER_EXTRAS = ['accBeta1', 'accBeta2'] as const;

async function optimizerExtras(optimizer: tf.Optimizer): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const key of OPTIMIZER_EXTRAS) {
    const v = (optimizer as unknown as Record<string, unknown>)[key];
    if (v instanceof tf.Variable) out[key] = Array.from(await v.data());
  }
  return out;
}

function restoreOptimizerExtras(optimizer: tf.Optimizer, extras: Record<string, number[]> | undefined): void {
  for (const [key, values] of Object.entries(extras ?? {})) {
    const v = (optimizer as unknown as Record<string, unknown>)[key];
    if (v instanceof tf.Variable) tf.tidy(() => v.assign(tf.tensor(values, v.shape, v.dtype)));
  }
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

export function epochSummary(r: MetricsRecord, epochs: number): string {
  const parts = [`epoch ${r.epoch}/${epochs}`];
  for (const [k, v] of Object.entries(r)) {
    if (typeof v !== 'number' || ['epoch', 'step', 'examples_per_sec', 'seconds', 'lr'].includes(k)) continue;
    parts.push(`${k} ${formatNumber(v)}`);
  }
  if (r.lr !== undefined) parts.push(`lr ${r.lr.toExponential(2)}`);
  if (r.examples_per_sec !== undefined) parts.push(`${Math.round(r.examples_per_sec).toLocaleString('en-US')} ex/s`);
  if (r.seconds !== undefined) parts.push(`${r.seconds.toFixed(1)} s`);
  return parts.join('  ');
}

/** Whether a smaller value of the monitored quantity is better. */
function lowerIsBetter(monitor: string): boolean {
  const base = monitor.replace(/^val_/, '');
  if (base === 'loss') return true;
  const entry = findEntry(base, 'metric');
  return entry ? !entry.higherIsBetter : true;
}

export async function trainStage(s: TrainStage): Promise<StageOutcome> {
  const { ir, model, data, schedule, rng, log, reporter } = s;
  const inputNames = ir.inputs.map((i) => i.name);
  const optimizer = buildOptimizer(schedule);
  const lossEntry = findEntry(schedule.loss.op, 'loss');
  if (!lossEntry) throw new RunError(`schedule \`${schedule.name}\`: unknown loss \`${schedule.loss.op}\``);
  const loss = lossEntry.build(callArgs(schedule.loss));
  const batchSize = schedule.batch ?? data.batchSize;
  const stepsPerEpoch = Math.ceil(data.sizes.train / batchSize);
  const plan = learningRatePlan(schedule, optimizer.baseLr, stepsPerEpoch, s.epochs);
  const target = targetFor(ir, data.features, data.name);
  const objective = s.objective?.objective ?? supervisedObjective(model, inputNames, target.of, loss);
  let variables = [...trainableVariables([model]), ...(s.objective?.variables ?? [])];
  if (variables.length === 0) throw new RunError(`model \`${ir.name}\` has nothing to train: every layer is frozen`);
  const pipeline = data.pipeline(batchSize);
  const checkpointDir = path.join(s.runDir, CHECKPOINT_DIR);

  let epoch = 0;
  let skip = 0;
  let globalStep = 0;
  let partial = { lossSum: 0, examples: 0, seconds: 0 };
  const early = schedule.early_stop;
  let stop: EarlyStopState = { best: null, bestEpoch: 0, wait: 0 };
  let best: tf.Tensor[] | undefined;
  // Pretrained layers frozen for the first epochs. Their variables go at the end
  // of the list: optimizers keep their moments by position, so the ones of the
  // variables trained so far must stay where they are (also across a resume).
  // Unfreezing also reorders model.getWeights() (trainable ones come first),
  // which checkpoints and the early-stopping copy are indexed by.
  const unfreezes = plannedUnfreezes(ir, model);
  const unfreeze = (due: typeof unfreezes): void => {
    if (due.length === 0) return;
    const before = model.weights.map((w) => w.name);
    for (const u of due) unfreezeLayer(u);
    const known = new Set(variables);
    variables = [...variables, ...trainableVariables([model]).filter((v) => !known.has(v))];
    if (best) {
      const kept = best;
      best = model.weights.map((w) => kept[before.indexOf(w.name)]);
    }
  };
  // Resumed past an unfreeze: the checkpoint was written with those layers
  // trainable, so switch them on before restoring it, without announcing it twice.
  if (s.resume) unfreeze(unfreezes.filter((u) => u.afterEpochs < s.resume!.state.epoch));
  if (s.resume) {
    const { state, tensors } = s.resume;
    setModelWeights(model, tensors.weights);
    await optimizer.optimizer.setWeights(tensors.optimizer);
    restoreOptimizerExtras(optimizer.optimizer, state.optimizerExtras);
    epoch = state.epoch;
    skip = state.batchInEpoch;
    globalStep = state.globalStep;
    partial = { ...state.partial };
    if (state.earlyStop) stop = { ...state.earlyStop };
    best = tensors.best;
    // The model and optimizer hold their own references now.
    tf.dispose(Object.values(tensors.weights));
    tf.dispose(tensors.optimizer.map((t) => t.tensor));
  }

  const checkpoint = async (epochDone: number, batchInEpoch: number): Promise<void> => {
    const state: CheckpointState = {
      version: 1,
      stage: s.stage,
      model: ir.name,
      epoch: epochDone,
      batchInEpoch,
      globalStep,
      random: rng.state,
      earlyStop: early ? stop : undefined,
      partial,
      elapsed: s.elapsed(),
      metricsLines: log.records.length,
      optimizerExtras: await optimizerExtras(optimizer.optimizer),
      savedAt: new Date().toISOString(),
    };
    await saveCheckpoint(s.runDir, state, model, optimizer.optimizer, best);
  };

  let last: MetricsRecord | undefined;
  let stoppedEarly = false;
  let epochsRun = 0;
  try {
    for (; epoch < s.epochs; epoch++) {
      const dueNow = unfreezes.filter((u) => u.afterEpochs === epoch);
      const unfrozen = dueNow.flatMap((u) => u.names);
      if (dueNow.length) {
        unfreeze(dueNow);
        reporter.line(`epoch ${epoch + 1}: unfreezing ${unfrozen.join(', ')}`);
      }
      reporter.epochStart({ model: ir.name, epoch: epoch + 1, epochs: s.epochs, steps: stepsPerEpoch, done: skip });
      const started = performance.now() - partial.seconds * 1000;
      let batchIndex = 0;
      let lr = plan.at(globalStep);
      for await (const examples of pipeline.pass({ split: 'train', epoch }).batches) {
        if (batchIndex < skip) {
          batchIndex++;
          continue;
        }
        const batch = toBatch(examples, data.specs);
        lr = plan.at(globalStep);
        let lossTensor: tf.Scalar;
        try {
          s.objective?.prepare?.(examples, batch, epoch);
          lossTensor = rng.run(() => trainStep(batch, objective, { optimizer, variables, lr, clipNorm: schedule.clip_norm }));
        } finally {
          tf.dispose(Object.values(batch.features));
        }
        const value = (await lossTensor.data())[0];
        lossTensor.dispose();
        // Everything above resolves as microtasks; without a turn of the event loop
        // neither Ctrl-C nor the progress bar's redraw timer would ever run.
        await new Promise<void>((resolve) => setImmediate(resolve));
        globalStep++;
        batchIndex++;
        if (!Number.isFinite(value)) {
          const notes =
            epoch > 0
              ? [`the last good checkpoint is ${checkpointDir} (after epoch ${epoch}); continue from it with --resume`]
              : ['no checkpoint was written yet (the first epoch had not finished)'];
          notes.push('try a lower learning rate, `clip_norm`, or check the data for extreme values');
          throw new RunError(`the training loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'} at step ${globalStep} (epoch ${epoch + 1}, batch ${batchIndex}) of model \`${ir.name}\``, notes);
        }
        partial.lossSum += value * batch.size;
        partial.examples += batch.size;
        const seconds = (performance.now() - started) / 1000;
        reporter.step({ step: batchIndex, loss: partial.lossSum / partial.examples, examplesPerSec: partial.examples / Math.max(seconds, 1e-9) });
        if (s.shouldStop() && batchIndex < stepsPerEpoch) {
          partial.seconds = seconds;
          await checkpoint(epoch, batchIndex);
          return { status: 'interrupted', epochsRun, stoppedEarly, globalStep, last };
        }
      }
      skip = 0;
      const trainSeconds = (performance.now() - started) / 1000;
      const record: MetricsRecord = {
        split: 'train',
        model: ir.name,
        epoch: epoch + 1,
        step: globalStep,
        lr,
        loss: partial.examples > 0 ? partial.lossSum / partial.examples : undefined,
      };
      if (data.sizes.val > 0) {
        const val = await evaluate(model, inputNames, data, 'val', target, loss, s.metrics, batchSize);
        for (const [k, v] of Object.entries(val.values)) record[`val_${k}`] = v;
      }
      Object.assign(record, s.objective?.record?.() ?? {});
      // Metrics lines hold numbers and strings: the layers unfrozen at this epoch's start, comma-separated.
      if (unfrozen.length) record.unfrozen = unfrozen.join(',');
      record.examples_per_sec = partial.examples / Math.max(trainSeconds, 1e-9);
      record.seconds = (performance.now() - started) / 1000;
      log.append(record);
      reporter.epochEnd(epochSummary(record, s.epochs));
      last = record;
      epochsRun++;
      partial = { lossSum: 0, examples: 0, seconds: 0 };

      let trigger = false;
      if (early) {
        const current = record[early.monitor];
        if (typeof current === 'number') {
          const lower = lowerIsBetter(early.monitor);
          const improved = stop.best === null || (lower ? current < stop.best - early.min_delta : current > stop.best + early.min_delta);
          if (improved) {
            stop = { best: current, bestEpoch: epoch + 1, wait: 0 };
            tf.dispose(best);
            best = model.getWeights().map((w) => tf.clone(w));
          } else {
            stop.wait++;
            trigger = stop.wait > early.patience;
          }
        } else if (epoch === 0) {
          reporter.line(`note: early stopping watches \`${early.monitor}\`, which this run does not measure; it will not stop early`);
        }
      }
      await checkpoint(epoch + 1, 0);
      if (trigger) {
        if (best) model.setWeights(best);
        stoppedEarly = true;
        reporter.line(`stopped early: \`${early!.monitor}\` has not improved for ${early!.patience + 1} epochs; keeping the weights of epoch ${stop.bestEpoch}`);
        break;
      }
      if (s.shouldStop() && epoch + 1 < s.epochs) {
        return { status: 'interrupted', epochsRun, stoppedEarly, globalStep, last };
      }
    }
  } finally {
    tf.dispose(best);
    optimizer.optimizer.dispose();
  }
  return { status: 'done', epochsRun, stoppedEarly, globalStep, last };
}
