// Registers Kiln's wasm training kernels: the ones stock wasm lacks (conv and
// depthwise filter/input gradients, the embedding gradient), faster versions of
// stock ones (transposed matmuls, the conv input gradient, the max-pool
// gradient), and the cpu fallback for anything else missing. Stock
// kernels that get replaced are kept, so the registration can be undone.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulKernel } from './wasm-kernels/batch-mat-mul.js';
import { fusedMatMulKernel } from './wasm-kernels/fused-mat-mul.js';
import { conv2dBackpropFilterKernel } from './wasm-kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputKernel } from './wasm-kernels/conv2d-backprop-input.js';
import { maxPoolGradKernel } from './wasm-kernels/max-pool-grad.js';
import { unsortedSegmentSumKernel } from './wasm-kernels/unsorted-segment-sum.js';
import { depthwiseBackpropFilterKernel } from './wasm-kernels/depthwise-backprop-filter.js';
import { depthwiseBackpropInputKernel } from './wasm-kernels/depthwise-backprop-input.js';
import { forgetCpuFallback, registerCpuFallbacks, unregisterCpuFallbacks } from './cpu-fallback.js';

export interface KilnKernelsOptions {
  /** Delegate kernels wasm lacks to the cpu backend (default true). */
  cpuFallback?: boolean;
}

/** Stock wasm kernels we replaced (undefined: there was none). */
const replaced = new Map<string, tf.KernelConfig | undefined>();

function install(config: tf.KernelConfig): void {
  const current = tf.getKernel(config.kernelName, 'wasm');
  // A cpu delegate is not a stock kernel: nothing to restore later.
  const stock = forgetCpuFallback(config.kernelName) ? undefined : current;
  if (!replaced.has(config.kernelName)) replaced.set(config.kernelName, stock);
  if (current !== undefined) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

function stockKernel(kernelName: string): tf.KernelConfig {
  const stock = replaced.has(kernelName) ? replaced.get(kernelName) : tf.getKernel(kernelName, 'wasm');
  if (stock === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel to build on`);
  return stock;
}

/** Whether Kiln's wasm kernels are currently registered. */
export function kilnKernelsRegistered(): boolean {
  return replaced.size > 0;
}

/**
 * Registers Kiln's wasm kernels (idempotent). Works before or after the wasm
 * backend is initialised: replaced kernels keep the stock setup function.
 */
export function registerKilnKernels(options: KilnKernelsOptions = {}): void {
  if (!kilnKernelsRegistered()) {
    const batchMatMul = batchMatMulKernel(stockKernel(tf.BatchMatMul));
    const fusedMatMul = fusedMatMulKernel(stockKernel(tf._FusedMatMul));
    for (const config of [
      batchMatMul,
      fusedMatMul,
      conv2dBackpropFilterKernel(),
      conv2dBackpropInputKernel(stockKernel(tf.Conv2DBackpropInput)),
      maxPoolGradKernel(stockKernel(tf.MaxPoolGrad)),
      unsortedSegmentSumKernel(),
      depthwiseBackpropFilterKernel(),
      depthwiseBackpropInputKernel(),
    ]) {
      install(config);
    }
  }
  if (options.cpuFallback ?? true) registerCpuFallbacks();
}

/** Restores the stock wasm kernels (used to compare against them). */
export function unregisterKilnKernels(): void {
  unregisterCpuFallbacks();
  for (const [kernelName, stock] of replaced) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    if (stock !== undefined) tf.registerKernel(stock);
  }
  replaced.clear();
}
