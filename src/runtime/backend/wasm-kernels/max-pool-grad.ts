// MaxPoolGrad on wasm: each output gradient goes to the first largest input
// of its window (the same choice as the cpu kernel). The stock wasm kernel
// took as long as the pooled conv's forward pass; this one walks the windows
// once, channels innermost, so every read is contiguous.
import * as tf from '@tensorflow/tfjs-core';
import { heapFloat32, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function maxPoolGrad(args: KernelArgs, stock: tf.KernelConfig): TensorInfo {
  const backend = wasmBackendOf(args);
  const { dy, input } = args.inputs as unknown as { dy: TensorInfo; input: TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (dy.dtype !== 'float32' || input.dtype !== 'float32') return stock.kernelFunc(args) as TensorInfo;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const out = backend.makeOutput([...input.shape], 'float32');
  const xs = heapFloat32(backend, input);
  const dys = heapFloat32(backend, dy);
  const dx = heapFloat32(backend, out);
  dx.fill(0);
  // Per channel: the best value so far in the window and where it is.
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    const imageBase = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - padTop;
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - padLeft;
        best.fill(-Infinity);
        where.fill(-1);
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = ih0 + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = iw0 + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const base = imageBase + (ih * inWidth + iw) * channels;
            for (let c = 0; c < channels; c++) {
              const value = xs[base + c];
              // Strictly greater, as on cpu: a window of NaN or -Infinity gets no gradient.
              if (value > best[c]) {
                best[c] = value;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          if (where[c] >= 0) dx[where[c]] += dys[dyBase + c];
        }
      }
    }
  }
  return out;
}

/** `stock` is the stock wasm kernel, kept for dtypes other than float32. */
export function maxPoolGradKernel(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.MaxPoolGrad,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => maxPoolGrad(args, stock),
  };
}
