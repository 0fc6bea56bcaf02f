// Conv2DBackpropInput on wasm (the input gradient of conv2d). The stock wasm
// kernel is a plain loop and was the slowest part of a CNN training step, so
// the gradient is rewritten as a forward convolution, which stock wasm runs
// fast (XNNPACK): dx = conv(dy dilated by the strides and padded, the filter
// flipped in space with its in/out channels swapped, stride 1). Geometries the
// rewrite cannot express (padding wider than the filter) use the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockConv2D, toChannelsFirst, toChannelsLast, type ConvPadding } from './conv-layout.js';
import { heapFloat32, release, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

/** The filter [fh, fw, ci, co] flipped in space and transposed to [fh, fw, co, ci]. */
function flippedTransposedFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [fh, fw, ci, co] = filter.shape;
  const out = backend.makeOutput([fh, fw, co, ci], 'float32');
  const src = heapFloat32(backend, filter);
  const dst = heapFloat32(backend, out);
  for (let h = 0; h < fh; h++) {
    for (let w = 0; w < fw; w++) {
      const from = ((fh - 1 - h) * fw + (fw - 1 - w)) * ci * co;
      const to = (h * fw + w) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) dst[to + o * ci + i] = src[from + i * co + o];
      }
    }
  }
  return out;
}

/** dy [n, oh, ow, c] with stride-1 zeros between rows and columns. */
function dilated(backend: BackendWasm, dy: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
  const [n, oh, ow, c] = dy.shape;
  const height = (oh - 1) * strideHeight + 1;
  const width = (ow - 1) * strideWidth + 1;
  const out = backend.makeOutput([n, height, width, c], 'float32');
  const src = heapFloat32(backend, dy);
  const dst = heapFloat32(backend, out);
  dst.fill(0);
  for (let b = 0; b < n; b++) {
    for (let h = 0; h < oh; h++) {
      for (let w = 0; w < ow; w++) {
        const from = ((b * oh + h) * ow + w) * c;
        const to = ((b * height + h * strideHeight) * width + w * strideWidth) * c;
        for (let k = 0; k < c; k++) dst[to + k] = src[from + k];
      }
    }
  }
  return out;
}

/** Padding of the dilated dy that makes the forward conv produce dx; undefined when some side is negative. */
function gradientPadding(info: tf.backend_util.Conv2DInfo): ConvPadding | undefined {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const padding = {
    top: filterHeight - 1 - info.padInfo.top,
    left: filterWidth - 1 - info.padInfo.left,
    bottom: inHeight - 1 + info.padInfo.top - (outHeight - 1) * strideHeight,
    right: inWidth - 1 + info.padInfo.left - (outWidth - 1) * strideWidth,
  };
  return Object.values(padding).every((p) => p >= 0) ? padding : undefined;
}

function conv2dBackpropInput(args: KernelArgs, stock: tf.KernelConfig): TensorInfo {
  const backend = wasmBackendOf(args);
  const inputs = args.inputs as unknown as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const channelsFirst = attrs.dataFormat === 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    inputs.filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    channelsFirst ? 'channelsFirst' : 'channelsLast',
  );
  const padding = gradientPadding(info);
  const supported = inputs.dy.dtype === 'float32' && inputs.filter.dtype === 'float32' && padding !== undefined;
  if (!supported) return stock.kernelFunc(args) as TensorInfo;
  const { strideHeight, strideWidth } = info;
  const dy = channelsFirst ? toChannelsLast(backend, inputs.dy) : inputs.dy;
  const spread = strideHeight > 1 || strideWidth > 1 ? dilated(backend, dy, strideHeight, strideWidth) : dy;
  const filter = flippedTransposedFilter(backend, inputs.filter);
  try {
    const dx = stockConv2D(backend, spread, filter, [1, 1], [1, 1], padding);
    if (!channelsFirst) return dx;
    const dxFirst = toChannelsFirst(backend, dx);
    release(backend, dx);
    return dxFirst;
  } finally {
    release(backend, filter);
    if (spread !== dy) release(backend, spread);
    if (dy !== inputs.dy) release(backend, dy);
  }
}

/** `stock` is the stock wasm kernel, used for geometries the rewrite cannot express. */
export function conv2dBackpropInputKernel(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => conv2dBackpropInput(args, stock),
  };
}
