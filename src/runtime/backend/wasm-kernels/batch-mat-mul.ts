// BatchMatMul on wasm with a fast path for transposed operands. The stock
// kernel multiplies transposed operands about twenty times slower than plain
// ones, and the backward pass of every dense layer uses them, so transposed
// operands are transposed first and the plain stock kernel does the product.
import * as tf from '@tensorflow/tfjs-core';
import { release, transposeLastTwo, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function batchMatMulKernel(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return stock.kernelFunc(args) as TensorInfo;
    const backend = wasmBackendOf(args);
    const { a, b } = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock.kernelFunc(args) as TensorInfo;
    const plainA = transposeA ? transposeLastTwo(backend, a) : undefined;
    const plainB = transposeB ? transposeLastTwo(backend, b) : undefined;
    try {
      return stock.kernelFunc({
        inputs: { a: plainA ?? a, b: plainB ?? b },
        backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    } finally {
      release(backend, plainA, plainB);
    }
  };
  return { kernelName: tf.BatchMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc };
}
