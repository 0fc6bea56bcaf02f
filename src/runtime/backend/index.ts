// Public API of the backend layer: choosing the tf.js backend, and Kiln's
// wasm training kernels (registered by selectBackend; exposed for tests and
// benchmarks that compare them with the stock kernels).
export {
  selectBackend,
  BACKEND_REQUESTS,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type SelectBackendOptions,
} from './select.js';
export {
  registerKilnKernels,
  unregisterKilnKernels,
  kilnKernelsRegistered,
  type KilnKernelsOptions,
} from './kiln-kernels.js';
export { cpuDelegatedKernels, setFallbackNoticeSink, type NoticeSink } from './cpu-fallback.js';
export { configureWasmBinaries, wasmBinaryFolder } from './wasm-binaries.js';
