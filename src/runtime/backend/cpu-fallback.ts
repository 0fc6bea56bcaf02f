// Kernels that tf.js has for the cpu backend but not for wasm run on the cpu
// backend instead of failing: inputs are read from the wasm heap, the cpu
// kernel runs, and its outputs are written back to wasm. A one-time notice
// names each such kernel, since it runs slower than a wasm kernel would.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Kernels that cannot round-trip through wasm tensors: complex64 values have
 * no wasm representation, and Draw paints on a browser canvas.
 */
const NOT_DELEGABLE = new Set(['Complex', 'ComplexAbs', 'Real', 'Imag', 'FFT', 'IFFT', 'RFFT', 'IRFFT', 'Draw']);

export type NoticeSink = (message: string) => void;

const writeToStderr: NoticeSink = (message) => {
  process.stderr.write(`${message}\n`);
};

let noticeSink: NoticeSink = writeToStderr;
const noticed = new Set<string>();
const delegatedKernels = new Set<string>();

/** Where the one-time notices go (stderr by default). */
export function setFallbackNoticeSink(sink: NoticeSink | undefined): void {
  noticeSink = sink ?? writeToStderr;
}

function noticeOnce(kernelName: string): void {
  if (noticed.has(kernelName)) return;
  noticed.add(kernelName);
  noticeSink(`note: the wasm backend has no ${kernelName} kernel; running it on the cpu backend (slower)`);
}

function cpuBackend(): tf.KernelBackend {
  const backend = tf.findBackend('cpu');
  if (backend === null) throw new Error('the cpu backend is not available to run a missing wasm kernel');
  return backend;
}

/** Values as the typed array that `dtype` is stored as on the wasm heap. */
function asStoredValues(values: tf.backend_util.BackendValues, dtype: tf.DataType): tf.backend_util.BackendValues {
  if (dtype === 'string' || Array.isArray(values)) return values;
  if (dtype === 'float32' && !(values instanceof Float32Array)) return Float32Array.from(values as ArrayLike<number>);
  if (dtype === 'int32' && !(values instanceof Int32Array)) return Int32Array.from(values as ArrayLike<number>);
  if (dtype === 'bool' && !(values instanceof Uint8Array)) return Uint8Array.from(values as ArrayLike<number>);
  return values;
}

function delegateToCpu(config: tf.KernelConfig): tf.KernelFunc {
  const { kernelName } = config;
  return ({ inputs, backend, attrs }) => {
    noticeOnce(kernelName);
    const wasm = backend as BackendWasm;
    const cpu = cpuBackend();
    // Some kernels (Einsum, Concat, ...) take their inputs as an array: keep the form.
    const cpuInputs = (Array.isArray(inputs) ? [] : {}) as Record<string, tf.TensorInfo>;
    const cpuDataIds = new Set<tf.DataId>();
    try {
      for (const [name, info] of Object.entries(inputs)) {
        if (info == null) continue;
        const dataId = cpu.write(wasm.readSync(info.dataId), info.shape, info.dtype);
        cpuDataIds.add(dataId);
        cpuInputs[name] = { dataId, shape: info.shape, dtype: info.dtype };
      }
      const result = config.kernelFunc({ inputs: cpuInputs as tf.NamedTensorInfoMap, backend: cpu, attrs });
      const outputs = Array.isArray(result) ? result : [result];
      for (const output of outputs) cpuDataIds.add(output.dataId);
      const uploaded = outputs.map((output) =>
        wasm.makeOutput(
          [...output.shape],
          output.dtype,
          undefined,
          asStoredValues(cpu.readSync(output.dataId), output.dtype),
        ),
      );
      return Array.isArray(result) ? uploaded : uploaded[0];
    } finally {
      for (const dataId of cpuDataIds) cpu.disposeData(dataId, true);
    }
  };
}

/**
 * Registers a delegating wasm kernel for every cpu kernel wasm lacks, and
 * returns their names. Call it after the fast wasm kernels are registered so
 * that only kernels truly missing are delegated. Safe to call again.
 */
export function registerCpuFallbacks(): string[] {
  const added: string[] = [];
  for (const config of tf.getKernelsForBackend('cpu')) {
    const { kernelName } = config;
    if (NOT_DELEGABLE.has(kernelName) || tf.getKernel(kernelName, 'wasm') !== undefined) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: delegateToCpu(config) });
    delegatedKernels.add(kernelName);
    added.push(kernelName);
  }
  return added;
}

/** Removes the delegating kernels registered by `registerCpuFallbacks`. */
export function unregisterCpuFallbacks(): void {
  for (const kernelName of delegatedKernels) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  }
  delegatedKernels.clear();
}

/**
 * Forgets a delegating kernel that a real wasm kernel is about to replace;
 * returns whether `kernelName` was one.
 */
export function forgetCpuFallback(kernelName: string): boolean {
  return delegatedKernels.delete(kernelName);
}

/** Names of the kernels that currently run on cpu when the backend is wasm. */
export function cpuDelegatedKernels(): string[] {
  return [...delegatedKernels].sort();
}
