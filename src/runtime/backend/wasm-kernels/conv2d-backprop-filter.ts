// Conv2DBackpropFilter on wasm (the filter gradient of conv2d, which stock wasm
// lacks, so conv layers could not train). Computed as im2col + one plain wasm
// matmul: the input patches are laid out as rows [n, fh*fw*ci], and
// dW^T = dy^T [co, n] @ patches [n, k]. Large batches are cut into chunks so
// the patch matrix stays a bounded size.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  copyRun,
  heapFloat32,
  release,
  runWasmKernel,
  wasmBackendOf,
  withShape,
  type KernelArgs,
  type TensorInfo,
} from './wasm-heap.js';

/** Default upper bound on the elements of one patch matrix (64 MB of float32). */
export const MAX_PATCH_ELEMENTS = 16 * 1024 * 1024;

function toChannelsLast(backend: BackendWasm, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm: [0, 2, 3, 1] });
}

function conv2dBackpropFilter(args: KernelArgs, maxPatchElements: number): TensorInfo {
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
    return filterGradient(backend, x, dy, info, attrs.filterShape, maxPatchElements);
  } finally {
    if (channelsFirst) release(backend, x, dy);
  }
}

function filterGradient(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: number[],
  maxPatchElements: number,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const patchSize = filterHeight * filterWidth * inChannels;
  const rowsPerImage = outHeight * outWidth;
  const imagesPerChunk = Math.max(1, Math.floor(maxPatchElements / Math.max(1, rowsPerImage * patchSize)));
  const gradient = new Float64Array(patchSize * outChannels);
  const windowRun = filterWidth * inChannels;

  for (let firstImage = 0; firstImage < batchSize; firstImage += imagesPerChunk) {
    const images = Math.min(imagesPerChunk, batchSize - firstImage);
    const rows = images * rowsPerImage;
    // dy rows for this chunk, as a [rows, co] matrix (a copy only when chunked).
    const dyChunk =
      images === batchSize ? withShape(dy, [rows, outChannels]) : backend.makeOutput([rows, outChannels], 'float32');
    if (images !== batchSize) {
      const start = firstImage * rowsPerImage * outChannels;
      heapFloat32(backend, dyChunk).set(heapFloat32(backend, dy).subarray(start, start + rows * outChannels));
    }
    const dyT = runWasmKernel(backend, 'Transpose', { x: dyChunk }, { perm: [1, 0] });
    const patches = backend.makeOutput([1, rows, patchSize], 'float32');
    // Views are taken after the last allocation: allocating may move the heap.
    const xs = heapFloat32(backend, x);
    const cols = heapFloat32(backend, patches);
    let row = 0;
    for (let b = firstImage; b < firstImage + images; b++) {
      const imageBase = b * inHeight * inWidth * inChannels;
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++, row++) {
          let dst = row * patchSize;
          const iw0 = ow * strideWidth - padLeft;
          const wholeRowInside = dilationWidth === 1 && iw0 >= 0 && iw0 + filterWidth <= inWidth;
          for (let fh = 0; fh < filterHeight; fh++) {
            const ih = oh * strideHeight - padTop + fh * dilationHeight;
            if (ih < 0 || ih >= inHeight) {
              cols.fill(0, dst, dst + windowRun);
              dst += windowRun;
              continue;
            }
            const rowBase = imageBase + ih * inWidth * inChannels;
            if (wholeRowInside) {
              copyRun(cols, dst, xs, rowBase + iw0 * inChannels, windowRun);
              dst += windowRun;
              continue;
            }
            for (let fw = 0; fw < filterWidth; fw++, dst += inChannels) {
              const iw = iw0 + fw * dilationWidth;
              if (iw < 0 || iw >= inWidth) cols.fill(0, dst, dst + inChannels);
              else copyRun(cols, dst, xs, rowBase + iw * inChannels, inChannels);
            }
          }
        }
      }
    }
    const product = runWasmKernel(
      backend,
      'BatchMatMul',
      { a: withShape(dyT, [1, outChannels, rows]), b: patches },
      { transposeA: false, transposeB: false },
    );
    const partial = heapFloat32(backend, product);
    for (let co = 0; co < outChannels; co++) {
      const from = co * patchSize;
      for (let k = 0; k < patchSize; k++) gradient[k * outChannels + co] += partial[from + k];
    }
    release(backend, product, patches, dyT);
    if (images !== batchSize) release(backend, dyChunk);
  }
  const out = backend.makeOutput([...filterShape], 'float32');
  heapFloat32(backend, out).set(gradient);
  return out;
}

/** `maxPatchElements` bounds the patch matrix; a batch needing more is chunked. */
export function conv2dBackpropFilterKernel(maxPatchElements = MAX_PATCH_ELEMENTS): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: (args) => conv2dBackpropFilter(args, maxPatchElements),
  };
}
