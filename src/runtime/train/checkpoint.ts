// Checkpoints: everything a run needs to continue exactly where it stopped.
// checkpoint/ holds state.json (stage, epoch, batch within the epoch, global
// step, the random generator's counter, early-stopping state, the partial
// epoch's sums), weights.bin (the model's weights), optimizer.bin (its
// moments and iteration count) and, with early stopping, best.bin (the best
// weights so far). Written to a fresh folder then renamed, so an interrupted
// write never leaves a half checkpoint behind.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RandomState } from './seeded-random.js';
import { RunError } from '../errors.js';

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export const CHECKPOINT_DIR = 'checkpoint';

export interface EarlyStopState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

export interface CheckpointState {
  version: 1;
  /** Index of the experiment step (train stage) in progress. */
  stage: number;
  model: string;
  /** Epochs fully done in this stage. */
  epoch: number;
  /** Batches of epoch `epoch` already trained (0 at an epoch boundary). */
  batchInEpoch: number;
  globalStep: number;
  random: RandomState;
  earlyStop?: EarlyStopState;
  /** Running sums of the partial epoch: loss × examples, examples, seconds. */
  partial: { lossSum: number; examples: number; seconds: number };
  /** Seconds spent in this run so far, over all sessions. */
  elapsed: number;
  /** Records in metrics.jsonl when the checkpoint was written; a resumed run cuts the file back to them. */
  metricsLines: number;
  /** Optimizer state that getWeights leaves out (Adam's running powers of beta), restored bit for bit. */
  optimizerExtras?: Record<string, number[]>;
  /** Set once the stage has finished and its model is saved: a resume continues with the next step. */
  stageDoneFlag?: boolean;
  savedAt: string;
}

interface WeightsFile {
  specs: tf.io.WeightsManifestEntry[];
}

async function writeTensors(dir: string, name: string, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  fs.writeFileSync(path.join(dir, `${name}.bin`), new Uint8Array(data as ArrayBuffer));
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ specs } satisfies WeightsFile));
}

function readTensors(dir: string, name: string): tf.NamedTensorMap {
  const { specs } = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as WeightsFile;
  const bytes = fs.readFileSync(path.join(dir, `${name}.bin`));
  return tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, specs);
}

/** Weights by position, so names that tf.js uniquifies per process do not matter. */
export function modelWeights(model: tfl.LayersModel): NamedTensor[] {
  return model.getWeights().map((tensor, i) => ({ name: String(i), tensor }));
}

export function setModelWeights(model: tfl.LayersModel, weights: tf.NamedTensorMap): void {
  const current = model.getWeights();
  const values = current.map((w, i) => {
    const v = weights[String(i)];
    if (!v || v.shape.join(',') !== w.shape.join(',')) throw new RunError('the checkpoint does not match the model: was the spec changed since?', ['start a fresh run without --resume']);
    return v;
  });
  model.setWeights(values);
}

export async function saveCheckpoint(
  runDir: string,
  state: CheckpointState,
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  best?: tf.Tensor[],
): Promise<void> {
  const final = path.join(runDir, CHECKPOINT_DIR);
  const temp = `${final}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  await writeTensors(temp, 'weights', modelWeights(model));
  const optimizerState = await optimizer.getWeights();
  await writeTensors(temp, 'optimizer', optimizerState);
  // getWeights returns the moment variables themselves, plus a fresh tensor for the iteration count.
  for (const w of optimizerState) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  if (best) await writeTensors(temp, 'best', best.map((tensor, i) => ({ name: String(i), tensor })));
  fs.writeFileSync(path.join(temp, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
  fs.rmSync(final, { recursive: true, force: true });
  fs.renameSync(temp, final);
}

export function readCheckpointState(runDir: string): CheckpointState | undefined {
  const file = path.join(runDir, CHECKPOINT_DIR, 'state.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CheckpointState;
  } catch {
    throw new RunError(`the checkpoint in ${path.join(runDir, CHECKPOINT_DIR)} is unreadable`);
  }
}

export interface LoadedCheckpoint {
  weights: tf.NamedTensorMap;
  optimizer: NamedTensor[];
  best?: tf.Tensor[];
}

export function loadCheckpointTensors(runDir: string): LoadedCheckpoint {
  const dir = path.join(runDir, CHECKPOINT_DIR);
  const weights = readTensors(dir, 'weights');
  const optimizerMap = readTensors(dir, 'optimizer');
  const { specs } = JSON.parse(fs.readFileSync(path.join(dir, 'optimizer.json'), 'utf8')) as WeightsFile;
  const optimizer = specs.map((s) => ({ name: s.name, tensor: optimizerMap[s.name] }));
  let best: tf.Tensor[] | undefined;
  if (fs.existsSync(path.join(dir, 'best.bin'))) {
    const map = readTensors(dir, 'best');
    best = Object.keys(map)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => map[k]);
  }
  return { weights, optimizer, best };
}
