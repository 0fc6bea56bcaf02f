// UnsortedSegmentSum on wasm (the gradient of gather, hence of embeddings;
// stock wasm lacks it). One pass over the rows, adding each into its segment
// directly on the wasm heap; ids outside [0, numSegments) are dropped, as in
// TensorFlow.
import * as tf from '@tensorflow/tfjs-core';
import { wasmBackendOf, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { x, segmentIds } = args.inputs as unknown as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, found ${x.dtype}`);
  }
  const idRank = segmentIds.shape.length;
  const idCount = tf.util.sizeFromShape(segmentIds.shape);
  const innerShape = x.shape.slice(idRank);
  const innerSize = tf.util.sizeFromShape(innerShape);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views after the allocation above.
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const sums = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const ids =
    segmentIds.dtype === 'int32'
      ? (backend.typedArrayFromHeap(segmentIds) as Int32Array)
      : Int32Array.from(backend.typedArrayFromHeap(segmentIds));
  sums.fill(0);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * innerSize;
    const to = segment * innerSize;
    for (let j = 0; j < innerSize; j++) sums[to + j] += values[from + j];
  }
  return out;
}

export function unsortedSegmentSumKernel(): tf.KernelConfig {
  return { kernelName: tf.UnsortedSegmentSum, backendName: 'wasm', kernelFunc: unsortedSegmentSum };
}
