// DepthwiseConv2dNativeBackpropInput on wasm (the input gradient of a
// depthwise conv; stock wasm lacks it). Scatters each output gradient back
// through its filter window, reading both tensors on the wasm heap.
import * as tf from '@tensorflow/tfjs-core';
import { heapFloat32, wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function depthwiseBackpropInput(args: KernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { dy, filter } = args.inputs as unknown as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
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
  const gradient = new Float64Array(batchSize * inHeight * inWidth * inChannels);
  const dys = heapFloat32(backend, dy);
  const weights = heapFloat32(backend, filter);
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
            const dxBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (fh * filterWidth + fw) * outChannels;
            for (let d2 = 0; d2 < outChannels; d2++) {
              gradient[dxBase + ((d2 / multiplier) | 0)] += dys[dyBase + d2] * weights[wBase + d2];
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput([...attrs.inputShape], 'float32');
  heapFloat32(backend, out).set(gradient);
  return out;
}

export function depthwiseBackpropInputKernel(): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNativeBackpropInput,
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropInput,
  };
}
