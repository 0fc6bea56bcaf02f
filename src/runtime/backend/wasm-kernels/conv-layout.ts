// Layout helpers shared by the conv gradient kernels: moving between
// channels-first and channels-last, and running the stock wasm forward Conv2D
// (XNNPACK, fast) with explicit padding, which the gradients are rewritten as.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runWasmKernel, type TensorInfo } from './wasm-heap.js';

/** NCHW → NHWC (a new tensor the caller releases). */
export function toChannelsLast(backend: BackendWasm, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm: [0, 2, 3, 1] });
}

/** NHWC → NCHW (a new tensor the caller releases). */
export function toChannelsFirst(backend: BackendWasm, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm: [0, 3, 1, 2] });
}

export interface ConvPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The stock wasm Conv2D on channels-last `x` [n, h, w, ci] and `filter`
 * [fh, fw, ci, co]. Paddings must be ≥ 0.
 */
export function stockConv2D(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  strides: [number, number],
  dilations: [number, number],
  padding: ConvPadding,
): TensorInfo {
  return runWasmKernel(
    backend,
    'Conv2D',
    { x, filter },
    {
      strides,
      dilations,
      pad: [
        [0, 0],
        [padding.top, padding.bottom],
        [padding.left, padding.right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
}
