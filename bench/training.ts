// Benchmarks Kiln's training loop against the same models hand-written with
// stock tf.js, side by side in one run, on the same random batches (fixed
// seeds): an MLP 784-256-256-10 at batch 128, the digits-cnn model at batch 32
// and one transformer encoder block (seq 64, d_model 128, 4 heads, ff 512,
// then mean_pool and dense(10)) at batch 32, all trained with adam and softmax
// cross-entropy. Per model it measures:
//   - kiln: the model built from IR (lowered from a spec, as `kiln run` does)
//     and driven by the runtime's training step exactly as its loop drives it
//     (seeded randomness, one-hot targets inside the tape, loss read back for
//     the NaN check, a turn of the event loop), on wasm with Kiln's kernels;
//   - the hand-written tf.js program (model.trainOnBatch) with Kiln's kernels,
//     on stock wasm (Kiln's kernels unregistered) and on cpu.
// The wasm programs run in turn, pass after pass, so that load from other
// processes falls on all of them alike. Each step's achieved GFLOP/s (3 × the
// forward FLOPs of the IR, the catalog's rule) is shown beside the plain wasm
// matmul peak measured in the same process. The encoder has no stock tf.js
// layer: the hand-written programs use Kiln's encoder layer class, so the
// comparison measures the kernels and the loop, not the layer.
// Run alone with `node --expose-gc dist/bench/training.js`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { findEntry } from '../src/catalog/index.js';
import type { Batch } from '../src/data/tensorize.js';
import type { IrFeature, IrModel, IrProgram, IrSchedule } from '../src/ir/types.js';
import { registerKilnKernels, selectBackend, unregisterKilnKernels } from '../src/runtime/backend/index.js';
import { ensureCustomLayers } from '../src/runtime/layers/index.js';
import { loadProgram } from '../src/runtime/load-program.js';
import { buildModel } from '../src/runtime/model/build.js';
import { callArgs } from '../src/runtime/ir-values.js';
import { buildOptimizer } from '../src/runtime/train/optimizer.js';
import { SeededRandom } from '../src/runtime/train/seeded-random.js';
import { supervisedObjective, trainStep, trainableVariables } from '../src/runtime/train/step.js';
import { targetFor } from '../src/runtime/train/targets.js';
import { plainMatmulPeak, type MatmulPeak } from './kernels.js';

const CLASSES = 10;
const LEARNING_RATE = 1e-3;

/** The MLP and encoder models and the schedule every model trains with, as a user would write them. */
const BENCH_SPEC = `// The training benchmark's models.
model mlp(image: f32[784]) -> f32[10] {
  image
    |> dense(256, activation: relu)
    |> dense(256, activation: relu)
    |> dense(10)
}

model encoder_block(tokens: f32[64, 128]) -> f32[10] {
  tokens
    |> encoder(128, heads: 4, ff: 512)
    |> mean_pool()
    |> dense(10)
}

schedule bench {
  optimizer adam(lr: ${LEARNING_RATE})
  epochs 1
  loss cross_entropy()
}
`;

export type BenchModelKey = 'mlp' | 'cnn' | 'encoder';

/** One benchmarked model: its IR (what kiln trains) and the same model written by hand. */
export interface BenchModel {
  key: BenchModelKey;
  label: string;
  ir: IrModel;
  batch: number;
  /** Batches per timed pass. */
  batches: number;
  /** Timed passes on wasm (each program once per round). */
  rounds: number;
  /** Timed steps on cpu, after one warm-up step. */
  cpuSteps: number;
  /** The model written with the tf.js Layers API, not compiled. */
  handWritten(): tfl.LayersModel;
}

export interface BenchModels {
  models: BenchModel[];
  schedule: IrSchedule;
}

/** The repository's root: the nearest folder above this file holding package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (no package.json above the benchmark)');
    dir = parent;
  }
  return dir;
}

/** The IR of a spec, through the same path as `kiln run` (analysis, lowering, schema validation). */
async function lowerSpec(file: string): Promise<IrProgram> {
  const loaded = await loadProgram(file, path.dirname(file));
  if (!loaded.ok) {
    const messages = loaded.analysis.diagnostics.map((d) => `${d.code}: ${d.message}`);
    throw new Error(`${path.basename(file)} does not check: ${messages.slice(0, 3).join('; ')}`);
  }
  return loaded.program;
}

function handWrittenMlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: CLASSES }),
    ],
  });
}

/** examples/digits-cnn.kiln's model: two conv_blocks (blocks.kiln), flatten, dense 128, dropout 0.2, dense 10. */
function handWrittenCnn(): tfl.LayersModel {
  const conv = (filters: number) => tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' });
  return tfl.sequential({
    layers: [
      tfl.layers.inputLayer({ inputShape: [28, 28, 1] }),
      conv(8),
      conv(8),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(16),
      conv(16),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.2 }),
      tfl.layers.dense({ units: CLASSES }),
    ],
  });
}

/** encoder(128, heads: 4, ff: 512) with the catalog's defaults (dropout 0.1, relu), mean pool, dense 10. */
function handWrittenEncoder(): tfl.LayersModel {
  const { TransformerEncoder } = ensureCustomLayers();
  const input = tfl.input({ shape: [64, 128] });
  const encoded = new TransformerEncoder({ heads: 4, ff: 512, dropout: 0.1, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling1d({}).apply(encoded) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: CLASSES }).apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/** The three models, their IR lowered from specs: a temporary one for the MLP and encoder, examples/digits-cnn.kiln for the CNN. */
export async function loadBenchModels(): Promise<BenchModels> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-'));
  let bench: IrProgram;
  try {
    const spec = path.join(dir, 'bench.kiln');
    writeFileSync(spec, BENCH_SPEC);
    bench = await lowerSpec(spec);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const digitsCnn = await lowerSpec(path.join(repoRoot(), 'examples', 'digits-cnn.kiln'));
  const ir = (program: IrProgram, name: string): IrModel => {
    const model = program.models[name];
    if (!model) throw new Error(`the benchmark spec has no model \`${name}\``);
    return model;
  };
  const schedule = bench.schedules['bench'];
  if (!schedule) throw new Error('the benchmark spec has no schedule `bench`');
  return {
    schedule,
    models: [
      { key: 'mlp', label: 'MLP 784-256-256-10, batch 128', ir: ir(bench, 'mlp'), batch: 128, batches: 16, rounds: 15, cpuSteps: 3, handWritten: handWrittenMlp },
      { key: 'cnn', label: 'digits-cnn, batch 32', ir: ir(digitsCnn, 'cnn'), batch: 32, batches: 8, rounds: 11, cpuSteps: 1, handWritten: handWrittenCnn },
      {
        key: 'encoder',
        label: 'encoder block (seq 64, d 128, 4 heads, ff 512), batch 32',
        ir: ir(bench, 'encoder_block'),
        batch: 32,
        batches: 3,
        rounds: 7,
        cpuSteps: 1,
        handWritten: handWrittenEncoder,
      },
    ],
  };
}

interface Sample {
  x: tf.Tensor;
  /** Class indices, as the data pipeline hands them to kiln's loop. */
  labels: tf.Tensor;
  /** The same, one-hot, as a hand-written program prepares them. */
  oneHot: tf.Tensor;
}

function batchesFor(m: BenchModel): Sample[] {
  const shape = m.ir.inputs[0].type.shape as number[];
  return Array.from({ length: m.batches }, (_, i) => {
    const labels = tf.randomUniform([m.batch], 0, CLASSES, 'int32', 100 + i);
    return { x: tf.randomUniform([m.batch, ...shape], 0, 1, 'float32', 1 + i), labels, oneHot: tf.oneHot(labels as tf.Tensor1D, CLASSES) };
  });
}

type Step = (sample: Sample) => Promise<void>;

/** The hand-written program's step: trainOnBatch on a model compiled with adam and softmax cross-entropy. */
function handWrittenStep(model: tfl.LayersModel): Step {
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  return async (s) => {
    await model.trainOnBatch(s.x, s.oneHot);
  };
}

/** Kiln's step, as src/runtime/train/loop.ts drives it for every batch. */
async function kilnStep(m: BenchModel, schedule: IrSchedule): Promise<{ step: Step; model: tfl.LayersModel }> {
  const rng = new SeededRandom(42);
  const model = await rng.runAsync(() => buildModel(m.ir, { baseDir: '.' }));
  const optimizer = buildOptimizer(schedule);
  const loss = findEntry(schedule.loss.op, 'loss')!.build(callArgs(schedule.loss));
  const input = m.ir.inputs[0].name;
  const label: IrFeature = { name: 'label', type: { dtype: 'i32', shape: [], classes: CLASSES }, from: 'label', transforms: [], label: true };
  const image: IrFeature = { name: input, type: m.ir.inputs[0].type, from: input, transforms: [], label: false };
  const target = targetFor(m.ir, [image, label], 'bench');
  const objective = supervisedObjective(model, [input], target.of, loss);
  const variables = trainableVariables([model]);
  const step: Step = async (s) => {
    // The loop builds a fresh batch per step and disposes its features after; here they are reused.
    const batch: Batch = { size: m.batch, features: { [input]: s.x, label: s.labels } };
    const value = rng.run(() => trainStep(batch, objective, { optimizer, variables, lr: LEARNING_RATE, clipNorm: schedule.clip_norm }));
    const lossValue = (await value.data())[0];
    value.dispose();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!Number.isFinite(lossValue)) throw new Error(`the kiln loss became ${lossValue}`);
  };
  return { step, model };
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Milliseconds per step over one pass of the batches. Each pass starts after
 * a full garbage collection (when node runs with --expose-gc, as `npm run
 * bench` does) and ends with a turn of the event loop inside the timed window:
 * a loop that never yields (trainOnBatch awaited back to back, whose promises
 * resolve as microtasks on wasm) would otherwise leave V8's pending GC tasks
 * to run after the clock stops, while kiln's loop, which yields every step,
 * pays them inside it; that alone made kiln look 5% slower on the encoder.
 */
async function passMs(step: Step, data: Sample[]): Promise<number> {
  collectGarbage?.();
  const start = performance.now();
  for (const s of data) await step(s);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return (performance.now() - start) / data.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The median of the passes, and their spread (half the interquartile range over the median). */
function summarize(program: ProgramKey, passes: number[]): Measurement {
  const s = [...passes].sort((a, b) => a - b);
  const mid = median(s);
  const q1 = s[Math.floor((s.length - 1) / 4)];
  const q3 = s[Math.ceil((3 * (s.length - 1)) / 4)];
  return { program, msPerStep: mid, bestMsPerStep: s[0], spread: (q3 - q1) / (2 * mid) };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

export type ProgramKey = 'kiln' | 'ours' | 'stock' | 'cpu';

export interface Measurement {
  program: ProgramKey;
  /** Undefined: it cannot train this model (`problem` says why). */
  msPerStep?: number;
  /** The fastest pass: the one least disturbed by other processes on a shared machine. */
  bestMsPerStep?: number;
  /** Half the interquartile range of the passes, relative to the median: how noisy the figure is. */
  spread?: number;
  problem?: string;
}

export interface ModelResult {
  model: BenchModel;
  /** Training FLOPs of one step: 3 × forward FLOPs × batch. */
  stepFlops: number;
  measurements: Measurement[];
}

/** Runs `work` on stock wasm: Kiln's kernels (and the cpu fallback) unregistered, then registered again. */
async function onStockWasm<T>(work: () => Promise<T>): Promise<T> {
  unregisterKilnKernels();
  try {
    return await work();
  } finally {
    registerKilnKernels();
  }
}

/** kiln, hand-written with our kernels, hand-written on stock wasm: in turn, pass after pass. */
async function measureWasm(m: BenchModel, schedule: IrSchedule): Promise<Measurement[]> {
  const data = batchesFor(m);
  const kiln = await kilnStep(m, schedule);
  const ours = m.handWritten();
  const oursStep = handWrittenStep(ours);
  const stock = m.handWritten();
  const stockStep = handWrittenStep(stock);
  // Warm-up: the first steps compile kernels and allocate the optimizer's moments.
  await passMs(kiln.step, data);
  await passMs(oursStep, data);
  let stockProblem: string | undefined;
  try {
    await onStockWasm(() => passMs(stockStep, data));
  } catch (error) {
    stockProblem = firstLine(error);
  }
  const times: Record<'kiln' | 'ours' | 'stock', number[]> = { kiln: [], ours: [], stock: [] };
  const programs: { key: 'kiln' | 'ours' | 'stock'; pass: () => Promise<number> }[] = [
    { key: 'kiln', pass: () => passMs(kiln.step, data) },
    { key: 'ours', pass: () => passMs(oursStep, data) },
  ];
  if (stockProblem === undefined) programs.push({ key: 'stock', pass: () => onStockWasm(() => passMs(stockStep, data)) });
  for (let r = 0; r < m.rounds; r++) {
    // Each round starts with the next program, so none always follows the same one (and its garbage).
    for (let i = 0; i < programs.length; i++) {
      const p = programs[(r + i) % programs.length];
      times[p.key].push(await p.pass());
    }
  }
  kiln.model.dispose();
  ours.dispose();
  stock.dispose();
  tf.dispose(data.flatMap((s) => [s.x, s.labels, s.oneHot]));
  return [
    summarize('kiln', times.kiln),
    summarize('ours', times.ours),
    stockProblem === undefined ? summarize('stock', times.stock) : { program: 'stock', problem: stockProblem },
  ];
}

/** The hand-written program on the cpu backend (the active one when called): few steps, cpu is slow. */
async function measureCpu(m: BenchModel): Promise<Measurement> {
  const data = batchesFor({ ...m, batches: 1 });
  const model = m.handWritten();
  const step = handWrittenStep(model);
  try {
    await step(data[0]);
    const times: number[] = [];
    for (let i = 0; i < m.cpuSteps; i++) times.push(await passMs(step, data));
    return summarize('cpu', times);
  } catch (error) {
    return { program: 'cpu', problem: firstLine(error) };
  } finally {
    model.dispose();
    tf.dispose(data.flatMap((s) => [s.x, s.labels, s.oneHot]));
  }
}

export interface TrainingBench {
  backend: string;
  matmul: MatmulPeak;
  results: ModelResult[];
}

export async function benchTraining(): Promise<TrainingBench> {
  const choice = await selectBackend('wasm');
  if (choice.name !== 'wasm') throw new Error(`the wasm backend did not start: ${choice.reason}`);
  const { models, schedule } = await loadBenchModels();
  const matmul = plainMatmulPeak();
  const results: ModelResult[] = [];
  for (const m of models) results.push({ model: m, stepFlops: 3 * m.ir.flops * m.batch, measurements: await measureWasm(m, schedule) });
  await tf.setBackend('cpu');
  for (const r of results) r.measurements.push(await measureCpu(r.model));
  await tf.setBackend('wasm');
  return { backend: choice.reason, matmul, results };
}

const PROGRAM_LABELS: Record<ProgramKey, string> = {
  kiln: 'kiln training loop, wasm + kiln kernels',
  ours: 'hand-written trainOnBatch, wasm + kiln kernels',
  stock: 'hand-written trainOnBatch, stock wasm',
  cpu: 'hand-written trainOnBatch, cpu',
};

/** Goals of the runtime issue: kiln within 3% of the hand-written program on our kernels; ≥ 3x stock wasm on the MLP and the encoder. */
const SAME_KERNELS_GOAL = 0.97;
const STOCK_GOAL = 3;

function ratio(of: number | undefined, over: number | undefined): number | undefined {
  return of === undefined || over === undefined ? undefined : of / over;
}

function judged(key: string, what: string, byMedian: number | undefined, byBest: number | undefined, goal: number, digits: number): string | undefined {
  if (byMedian === undefined || byBest === undefined) return undefined;
  const verdict = byMedian >= goal ? 'met' : 'NOT met';
  return `${key}: kiln at ${byMedian.toFixed(digits)}x ${what} (${byBest.toFixed(digits)}x by best passes), goal ≥ ${goal}x: ${verdict}`;
}

export function formatTrainingBench(bench: TrainingBench): string {
  const lines: string[] = [`backend: ${bench.backend}`];
  const peak = bench.matmul.peak;
  lines.push(
    `plain wasm matmul (same run): ${bench.matmul.bySize.map((s) => `${s.size}³ ${s.gflops.toFixed(1)}`).join(', ')} GFLOP/s; peak ${peak.toFixed(1)} GFLOP/s at ${bench.matmul.peakSize}³`,
  );
  const header = ['', 'ms/step', '±', 'best', 'ex/s', 'GFLOP/s', '% peak', 'kiln vs this (median, best)'];
  const table: (string[] | string)[] = [header];
  const goals: string[] = [];
  for (const r of bench.results) {
    table.push(`${r.model.label}: ${(r.stepFlops / 1e6).toFixed(0)} MFLOP per training step`);
    const find = (p: ProgramKey) => r.measurements.find((m) => m.program === p);
    const kiln = find('kiln');
    for (const m of r.measurements) {
      const gflops = m.msPerStep === undefined ? undefined : r.stepFlops / (m.msPerStep * 1e6);
      const medianRatio = ratio(m.msPerStep, kiln?.msPerStep);
      const bestRatio = ratio(m.bestMsPerStep, kiln?.bestMsPerStep);
      const versus =
        m.program === 'kiln' ? '' : m.problem !== undefined ? `cannot train it: ${m.problem}` : medianRatio !== undefined && bestRatio !== undefined ? `${medianRatio.toFixed(2)}x, ${bestRatio.toFixed(2)}x` : '';
      table.push([
        `  ${PROGRAM_LABELS[m.program]}`,
        m.msPerStep === undefined ? '—' : m.msPerStep.toFixed(1),
        m.spread === undefined || m.program === 'cpu' ? '' : `${(100 * m.spread).toFixed(1)}%`,
        m.bestMsPerStep === undefined ? '—' : m.bestMsPerStep.toFixed(1),
        m.msPerStep === undefined ? '—' : Math.round((r.model.batch * 1000) / m.msPerStep).toLocaleString('en-US'),
        gflops === undefined ? '—' : gflops.toFixed(1),
        gflops === undefined ? '—' : `${Math.round((100 * gflops) / peak)}%`,
        versus,
      ]);
    }
    const ours = find('ours');
    const stock = find('stock');
    const same = judged(r.model.key, 'the hand-written program on kiln kernels', ratio(ours?.msPerStep, kiln?.msPerStep), ratio(ours?.bestMsPerStep, kiln?.bestMsPerStep), SAME_KERNELS_GOAL, 3);
    if (same) goals.push(same);
    if (r.model.key !== 'cnn') {
      const faster = judged(r.model.key, 'the speed of the stock wasm program', ratio(stock?.msPerStep, kiln?.msPerStep), ratio(stock?.bestMsPerStep, kiln?.bestMsPerStep), STOCK_GOAL, 2);
      goals.push(faster ?? `${r.model.key}: stock wasm cannot train it`);
    }
  }
  const rows = table.filter((row): row is string[] => Array.isArray(row));
  const widths = header.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const last = header.length - 1;
  for (const row of table) {
    if (typeof row === 'string') lines.push(row);
    else lines.push(row.map((cell, c) => (c === 0 || c === last ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
  }
  lines.push(
    'ms/step: median wall time of the timed passes (the wasm programs run in turn, pass after pass; the goals are judged by it);',
    '  ±: half their interquartile range over the median; best: the fastest pass, the least disturbed by other processes.',
    'GFLOP/s: 3 × the forward FLOPs of the IR (catalog rules) × batch per median step; % peak: of the plain matmul peak above.',
    'kiln vs this: this program’s time over kiln’s (above 1: kiln is faster).',
    'goals:',
    ...goals.map((g) => `  ${g}`),
  );
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTraining().then(
    (bench) => console.log(formatTrainingBench(bench)),
    (error: unknown) => {
      console.error(`training benchmark failed: ${firstLine(error)}`);
      process.exitCode = 1;
    },
  );
}
