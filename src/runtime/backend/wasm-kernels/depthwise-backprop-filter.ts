// DepthwiseConv2dNativeBackpropFilter on wasm (the filter gradient of a
// depthwise conv; stock wasm lacks it). Each channel's filter only meets its
// own channel, so there is no large matmul to hand to the wasm kernels: one
// pass over the output positions, reading both tensors on the wasm heap.
import * as tf from '@tensorflow/tfjs-core';
import { heapFloat32, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function depthwiseBackpropFilter(args: KernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { x, dy } = args.inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const multiplier = outChannels / inChannels;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const gradient = new Float64Array(filterHeight * filterWidth * outChannels);
  const xs = heapFloat32(backend, x);
  const dys = heapFloat32(backend, dy);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight - padTop + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth - padLeft + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            // Filter layout [fh, fw, ci, m] flattens to [fh, fw, ci * m + m'] = [fh, fw, d2].
            const gBase = (fh * filterWidth + fw) * outChannels;
            for (let d2 = 0; d2 < outChannels; d2++) {
              gradient[gBase + d2] += xs[xBase + ((d2 / multiplier) | 0)] * dys[dyBase + d2];
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  heapFloat32(backend, out).set(gradient);
  return out;
}

export function depthwiseBackpropFilterKernel(): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropFilter,
  };
}
