// Benchmarks Kiln's wasm kernels against the stock ones, in one run: a plain
// 1024³ matmul, transposed matmuls (stock vs Kiln's fast path), one MLP
// training step (784-256-256-10, batch 128, adam) on stock wasm, on wasm with
// Kiln's kernels, and on cpu, and one small CNN step on wasm and cpu.
// Run alone with `node dist/bench/kernels.js`.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerKilnKernels, selectBackend, unregisterKilnKernels } from '../src/runtime/backend/index.js';

export interface Row {
  /** What was measured. */
  name: string;
  value: number;
  unit: 'GFLOP/s' | 'ms/step';
  /** Relative speed, e.g. "4.1x stock wasm". */
  note?: string;
}

const MATMUL_SIZE = 1024;

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

function matmulGflops(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean, runs: number): number {
  const ms = medianMs(runs, () => {
    tf.tidy(() => tf.matMul(a, b, transposeA, transposeB).dataSync());
  });
  return (2 * MATMUL_SIZE ** 3) / (ms * 1e6);
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

/** A small conv net: stock wasm cannot train it (no Conv2DBackpropFilter). */
function buildCnn(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

/** ms per training step of `build()` on the active backend. */
async function stepMs(build: () => tfl.Sequential, inputShape: number[], runs: number): Promise<number> {
  const model = build();
  const batch = inputShape[0];
  const x = tf.randomUniform(inputShape);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10);
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

  const a = tf.randomUniform([MATMUL_SIZE, MATMUL_SIZE]) as tf.Tensor2D;
  const b = tf.randomUniform([MATMUL_SIZE, MATMUL_SIZE]) as tf.Tensor2D;
  const plain = matmulGflops(a, b, false, false, 5);
  rows.push({ name: 'wasm matmul 1024³', value: plain, unit: 'GFLOP/s' });
  const oursA = matmulGflops(a, b, true, false, 3);
  const oursB = matmulGflops(a, b, false, true, 3);
  unregisterKilnKernels();
  const stockA = matmulGflops(a, b, true, false, 1);
  const stockB = matmulGflops(a, b, false, true, 1);
  rows.push({ name: 'stock wasm matmul 1024³, transposeA', value: stockA, unit: 'GFLOP/s' });
  rows.push({ name: 'kiln wasm matmul 1024³, transposeA', value: oursA, unit: 'GFLOP/s', note: times(oursA, stockA, 'stock') });
  rows.push({ name: 'stock wasm matmul 1024³, transposeB', value: stockB, unit: 'GFLOP/s' });
  rows.push({ name: 'kiln wasm matmul 1024³, transposeB', value: oursB, unit: 'GFLOP/s', note: times(oursB, stockB, 'stock') });
  tf.dispose([a, b]);

  // Stock kernels are still registered here.
  const mlpInput = [128, 784];
  const stockStep = await stepMs(buildMlp, mlpInput, 5);
  registerKilnKernels();
  const kilnStep = await stepMs(buildMlp, mlpInput, 5);
  const cnnInput = [32, 28, 28, 1];
  const kilnCnnStep = await stepMs(buildCnn, cnnInput, 3);
  await tf.setBackend('cpu');
  const cpuStep = await stepMs(buildMlp, mlpInput, 3);
  const cpuCnnStep = await stepMs(buildCnn, cnnInput, 1);
  await tf.setBackend('wasm');
  const mlp = 'MLP 784-256-256-10 step, batch 128, adam';
  rows.push({ name: `${mlp}: stock wasm`, value: stockStep, unit: 'ms/step' });
  rows.push({ name: `${mlp}: kiln wasm`, value: kilnStep, unit: 'ms/step', note: `${times(stockStep, kilnStep, 'faster than stock wasm')}` });
  rows.push({ name: `${mlp}: cpu`, value: cpuStep, unit: 'ms/step', note: `kiln wasm ${times(cpuStep, kilnStep, 'faster')}` });
  const cnn = 'CNN conv16-conv32/2-dense10 step, batch 32, adam';
  rows.push({ name: `${cnn}: kiln wasm`, value: kilnCnnStep, unit: 'ms/step', note: 'stock wasm cannot train it' });
  rows.push({ name: `${cnn}: cpu`, value: cpuCnnStep, unit: 'ms/step', note: `kiln wasm ${times(cpuCnnStep, kilnCnnStep, 'faster')}` });
  return rows;
}

export function formatRows(rows: Row[]): string {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => `${r.name.padEnd(nameWidth)}  ${r.value.toFixed(1).padStart(8)} ${r.unit.padEnd(7)}  ${r.note ?? ''}`.trimEnd())
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
