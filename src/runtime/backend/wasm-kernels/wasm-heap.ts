// Helpers for wasm kernels written in TypeScript: typed views on the wasm heap,
// calling other registered wasm kernels, and releasing intermediates.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The wasm backend handed to a kernel function. */
export function wasmBackendOf(args: KernelArgs): BackendWasm {
  return args.backend as BackendWasm;
}

/**
 * A view of a tensor's bytes on the wasm heap. Views are invalidated when the
 * heap grows, which any allocation may do: take them after the last
 * `makeOutput` or kernel call, never before.
 */
export function heapFloat32(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') {
    throw new Error(`expected a float32 tensor, found ${info.dtype}`);
  }
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Runs the kernel currently registered for the wasm backend under `kernelName`. */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) {
    throw new Error(`kernel ${kernelName} is not registered for the wasm backend`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** Transposes the last two dimensions with the wasm Transpose kernel. */
export function transposeLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

/** Releases an intermediate produced inside a kernel (respects reference counts). */
export function release(backend: BackendWasm, ...infos: (TensorInfo | undefined)[]): void {
  for (const info of infos) {
    if (info !== undefined) backend.disposeData(info.dataId);
  }
}
