// _FusedMatMul (matmul + bias + activation) on wasm with the same transposed
// fast path as BatchMatMul: transpose the operand first, then let the plain
// stock kernel fuse the product, the bias and the activation.
import * as tf from '@tensorflow/tfjs-core';
import { release, transposeLastTwo, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function fusedMatMulKernel(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const { transposeA, transposeB } = args.attrs as unknown as tf._FusedMatMulAttrs;
    if (!transposeA && !transposeB) return stock.kernelFunc(args) as TensorInfo;
    const backend = wasmBackendOf(args);
    const inputs = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
    if (inputs.a.dtype !== 'float32' || inputs.b.dtype !== 'float32') {
      return stock.kernelFunc(args) as TensorInfo;
    }
    const plainA = transposeA ? transposeLastTwo(backend, inputs.a) : undefined;
    const plainB = transposeB ? transposeLastTwo(backend, inputs.b) : undefined;
    try {
      return stock.kernelFunc({
        inputs: { ...args.inputs, a: plainA ?? inputs.a, b: plainB ?? inputs.b },
        backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    } finally {
      release(backend, plainA, plainB);
    }
  };
  return { kernelName: tf._FusedMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc };
}
