// Conv2DBackpropFilter on wasm (the filter gradient of conv2d, which stock wasm
// lacks, so conv layers could not train). Rewritten as one forward conv, which
// stock wasm runs fast (XNNPACK): the images become a batch of channels
// [ci, h, w, n], dy becomes the filter [oh, ow, n, co], the strides of the
// layer become dilations, and the result [ci, fh, fw, co] is the gradient,
// transposed. (An im2col + matmul version was 3-6x slower on a CNN step.)
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockConv2D, toChannelsLast } from './conv-layout.js';
import { release, runWasmKernel, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function filterGradient(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const { inHeight, inWidth, inChannels, batchSize, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows and columns the layer never read give a negative padding: they are cropped.
  const bottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - top;
  const right = filterWidth + (outWidth - 1) * strideWidth - inWidth - left;
  const images = runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const cropped =
    bottom < 0 || right < 0
      ? runWasmKernel(
          backend,
          'Slice',
          { x: images },
          {
            begin: [0, 0, 0, 0],
            size: [inChannels, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), batchSize],
          },
        )
      : images;
  const dyFilter = runWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const product = stockConv2D(backend, cropped, dyFilter, [1, 1], [strideHeight, strideWidth], {
    top,
    left,
    bottom: Math.max(bottom, 0),
    right: Math.max(right, 0),
  });
  const gradient = runWasmKernel(backend, 'Transpose', { x: product }, { perm: [1, 2, 0, 3] });
  release(backend, product, dyFilter, images);
  if (cropped !== images) release(backend, cropped);
  return gradient;
}

function conv2dBackpropFilter(args: KernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const inputs = args.inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (inputs.x.dtype !== 'float32' || inputs.dy.dtype !== 'float32') {
    throw new Error('Conv2DBackpropFilter on wasm supports float32 tensors only');
  }
  const channelsFirst = attrs.dataFormat === 'NCHW';
  // The geometry comes from the shapes as given (explicit padding is written
  // in the data format's order); the data is then read channels-last.
  const info = tf.backend_util.computeConv2DInfo(
    inputs.x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    channelsFirst ? 'channelsFirst' : 'channelsLast',
  );
  const x = channelsFirst ? toChannelsLast(backend, inputs.x) : inputs.x;
  const dy = channelsFirst ? toChannelsLast(backend, inputs.dy) : inputs.dy;
  try {
    return filterGradient(backend, x, dy, info);
  } finally {
    if (channelsFirst) release(backend, x, dy);
  }
}

export function conv2dBackpropFilterKernel(): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter,
  };
}
