// Benchmarks Kiln's wasm kernels against the stock ones, in one run: plain
// matmuls at 256³, 512³ and 1024³ (their best is the "plain wasm matmul peak"
// the training benchmark compares against), 1024³ transposed matmuls (stock vs
// Kiln's fast path), one MLP
// training step (784-256-256-10, batch 128, adam) on stock wasm, on wasm with
// Kiln's kernels, and on cpu, and one step of the digits-cnn model (which
// stock wasm cannot train) on wasm with Kiln's kernels, with the stock conv
// input and max-pool gradients swapped back in, and on cpu, with the time of
// each gradient kernel in that step.
// Run alone with `node dist/bench/kernels.js`.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerKilnKernels, selectBackend, unregisterKilnKernels } from '../src/runtime/backend/index.js';

export interface Row {
  /** What was measured. */
  name: string;
  /** Undefined: it cannot be measured (the note says why). */
  value?: number;
  unit: 'GFLOP/s' | 'ms/step' | 'ms';
  /** Relative speed, e.g. "4.1x stock wasm". */
  note?: string;
}

/** Side of the transposed matmuls, and the largest plain one. */
const MATMUL_SIZE = 1024;
/** Sizes of the plain matmul: a peak over several sizes, since wasm's best size depends on the cache. */
export const PLAIN_MATMUL_SIZES = [256, 512, 1024];

/** Median of `runs` timings of `work`, after one warm-up run. */
function medianMs(runs: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function medianMsAsync(runs: number, work: () => Promise<void>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * GFLOP/s of an n×n by n×n matmul, output downloaded (dataSync) as a user's
 * program would. The tidy callback must return nothing: tf.tidy walks
 * whatever its callback returns looking for tensors, element by element, and
 * a returned 1024² Float32Array costs it about a second, which once made this
 * figure read 2 GFLOP/s instead of 30.
 */
function matmulGflops(n: number, transposeA: boolean, transposeB: boolean, runs: number): number {
  const a = tf.randomUniform([n, n], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform([n, n], 0, 1, 'float32', 2) as tf.Tensor2D;
  const ms = medianMs(runs, () => {
    tf.tidy(() => {
      tf.matMul(a, b, transposeA, transposeB).dataSync();
    });
  });
  tf.dispose([a, b]);
  return (2 * n ** 3) / (ms * 1e6);
}

export interface MatmulPeak {
  /** Median GFLOP/s per size, in PLAIN_MATMUL_SIZES order. */
  bySize: { size: number; gflops: number }[];
  /** The best of those medians. */
  peak: number;
  peakSize: number;
}

/** The plain (untransposed) wasm matmul on the active backend, at several sizes. */
export function plainMatmulPeak(runs = 5): MatmulPeak {
  const bySize = PLAIN_MATMUL_SIZES.map((size) => ({ size, gflops: matmulGflops(size, false, false, size >= 1024 ? runs : runs * 2) }));
  const best = bySize.reduce((a, b) => (b.gflops > a.gflops ? b : a));
  return { bySize, peak: best.gflops, peakSize: best.size };
}

function buildMlp(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

/** The model of examples/digits-cnn.kiln, written with the Layers API. */
function buildDigitsCnn(): tfl.Sequential {
  const conv = (filters: number) => tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' });
  const model = tfl.sequential({
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
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

const CNN_BATCH = 32;
/** The gradient kernels of a conv net's training step. */
const CNN_GRADIENT_KERNELS = [tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter, tf.MaxPoolGrad];

function randomBatch(inputShape: number[]): [tf.Tensor, tf.Tensor] {
  const x = tf.randomUniform(inputShape);
  const y = tf.oneHot(tf.randomUniform([inputShape[0]], 0, 10, 'int32') as tf.Tensor1D, 10);
  return [x, y];
}

/** Per kernel in `names`: its time in one training step (the least of `runs` profiled steps). */
async function kernelMsPerStep(build: () => tfl.Sequential, inputShape: number[], names: string[], runs: number): Promise<Map<string, number>> {
  const model = build();
  const [x, y] = randomBatch(inputShape);
  await model.trainOnBatch(x, y);
  const best = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    const step = new Map<string, number>();
    for (const kernel of profile.kernels) {
      if (names.includes(kernel.name)) step.set(kernel.name, (step.get(kernel.name) ?? 0) + Number(kernel.kernelTimeMs));
    }
    for (const [name, ms] of step) best.set(name, Math.min(best.get(name) ?? Infinity, ms));
  }
  tf.dispose([x, y]);
  model.dispose();
  return best;
}

/** Why stock wasm cannot train `build()`, or undefined when it can. */
async function cannotTrain(build: () => tfl.Sequential, inputShape: number[]): Promise<string | undefined> {
  const model = build();
  const [x, y] = randomBatch(inputShape);
  try {
    await model.trainOnBatch(x, y);
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0];
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** Runs `work` with the stock wasm kernels `names` in place of Kiln's. */
async function withStockKernels<T>(names: string[], work: () => Promise<T>): Promise<T> {
  unregisterKilnKernels();
  const stock = names.map((name) => tf.getKernel(name, 'wasm')).filter((k): k is tf.KernelConfig => k !== undefined);
  registerKilnKernels();
  for (const config of stock) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  try {
    return await work();
  } finally {
    // Restores the stock kernels, then registers Kiln's over them again.
    unregisterKilnKernels();
    registerKilnKernels();
  }
}

/** ms per training step of `build()` on the active backend. */
async function stepMs(build: () => tfl.Sequential, inputShape: number[], runs: number): Promise<number> {
  const model = build();
  const [x, y] = randomBatch(inputShape);
  const ms = await medianMsAsync(runs, async () => {
    await model.trainOnBatch(x, y);
  });
  tf.dispose([x, y]);
  model.dispose();
  return ms;
}

function times(value: number, base: number, what: string): string {
  return `${(value / base).toFixed(1)}x ${what}`;
}

export async function benchKernels(): Promise<Row[]> {
  const choice = await selectBackend('wasm');
  if (choice.name !== 'wasm') throw new Error(`the wasm backend did not start: ${choice.reason}`);
  const rows: Row[] = [];

  const plain = plainMatmulPeak();
  for (const { size, gflops } of plain.bySize) {
    rows.push({ name: `wasm matmul ${size}³`, value: gflops, unit: 'GFLOP/s', note: size === plain.peakSize ? 'peak' : undefined });
  }
  const n = MATMUL_SIZE;
  const oursA = matmulGflops(n, true, false, 3);
  const oursB = matmulGflops(n, false, true, 3);
  unregisterKilnKernels();
  const stockA = matmulGflops(n, true, false, 1);
  const stockB = matmulGflops(n, false, true, 1);
  rows.push({ name: `stock wasm matmul ${n}³, transposeA`, value: stockA, unit: 'GFLOP/s' });
  rows.push({ name: `kiln wasm matmul ${n}³, transposeA`, value: oursA, unit: 'GFLOP/s', note: times(oursA, stockA, 'stock') });
  rows.push({ name: `stock wasm matmul ${n}³, transposeB`, value: stockB, unit: 'GFLOP/s' });
  rows.push({ name: `kiln wasm matmul ${n}³, transposeB`, value: oursB, unit: 'GFLOP/s', note: times(oursB, stockB, 'stock') });

  // Stock kernels are still registered here.
  const mlpInput = [128, 784];
  const cnnInput = [CNN_BATCH, 28, 28, 1];
  const stockStep = await stepMs(buildMlp, mlpInput, 5);
  const stockCnnProblem = await cannotTrain(buildDigitsCnn, cnnInput);
  registerKilnKernels();
  const kilnStep = await stepMs(buildMlp, mlpInput, 5);
  const kilnCnnStep = await stepMs(buildDigitsCnn, cnnInput, 5);
  const kilnCnnKernels = await kernelMsPerStep(buildDigitsCnn, cnnInput, CNN_GRADIENT_KERNELS, 3);
  const stockGradients = [tf.Conv2DBackpropInput, tf.MaxPoolGrad];
  const [halfCnnStep, halfCnnKernels] = await withStockKernels(stockGradients, async () => [
    await stepMs(buildDigitsCnn, cnnInput, 5),
    await kernelMsPerStep(buildDigitsCnn, cnnInput, CNN_GRADIENT_KERNELS, 3),
  ] as const);
  await tf.setBackend('cpu');
  const cpuStep = await stepMs(buildMlp, mlpInput, 3);
  const cpuCnnStep = await stepMs(buildDigitsCnn, cnnInput, 2);
  const cpuCnnKernels = await kernelMsPerStep(buildDigitsCnn, cnnInput, CNN_GRADIENT_KERNELS, 1);
  await tf.setBackend('wasm');
  const mlp = 'MLP 784-256-256-10 step, batch 128, adam';
  rows.push({ name: `${mlp}: stock wasm`, value: stockStep, unit: 'ms/step' });
  rows.push({ name: `${mlp}: kiln wasm`, value: kilnStep, unit: 'ms/step', note: `${times(stockStep, kilnStep, 'faster than stock wasm')}` });
  rows.push({ name: `${mlp}: cpu`, value: cpuStep, unit: 'ms/step', note: `kiln wasm ${times(cpuStep, kilnStep, 'faster')}` });
  const cnn = `digits-cnn step, batch ${CNN_BATCH}, adam`;
  rows.push({ name: `${cnn}: stock wasm`, unit: 'ms/step', note: stockCnnProblem ? `cannot train it: ${stockCnnProblem}` : 'trains it' });
  rows.push({
    name: `${cnn}: kiln wasm, stock input + pool gradients`,
    value: halfCnnStep,
    unit: 'ms/step',
  });
  rows.push({ name: `${cnn}: kiln wasm`, value: kilnCnnStep, unit: 'ms/step', note: times(halfCnnStep, kilnCnnStep, 'faster than with the stock gradients') });
  rows.push({ name: `${cnn}: cpu`, value: cpuCnnStep, unit: 'ms/step', note: `kiln wasm ${times(cpuCnnStep, kilnCnnStep, 'faster')}` });
  for (const name of CNN_GRADIENT_KERNELS) {
    const ours = kilnCnnKernels.get(name);
    const stock = stockGradients.includes(name) ? halfCnnKernels.get(name) : undefined;
    if (stock !== undefined) rows.push({ name: `  ${name} in that step: stock wasm`, value: stock, unit: 'ms' });
    const cpu = cpuCnnKernels.get(name);
    const notes = [
      stock === undefined ? 'stock wasm has none' : ours !== undefined ? times(stock, ours, 'faster than stock') : undefined,
      cpu !== undefined && ours !== undefined ? times(cpu, ours, 'faster than cpu') : undefined,
    ];
    rows.push({ name: `  ${name} in that step: kiln wasm`, value: ours, unit: 'ms', note: notes.filter(Boolean).join(', ') });
    if (cpu !== undefined) rows.push({ name: `  ${name} in that step: cpu`, value: cpu, unit: 'ms' });
  }
  return rows;
}

export function formatRows(rows: Row[]): string {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => `${r.name.padEnd(nameWidth)}  ${(r.value === undefined ? '—' : r.value.toFixed(1)).padStart(8)} ${r.unit.padEnd(7)}  ${r.note ?? ''}`.trimEnd())
    .join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchKernels().then(
    (rows) => console.log(formatRows(rows)),
    (error: unknown) => {
      console.error(`kernel benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
