// Points the wasm backend at the .wasm binaries of the installed package, so
// they load from disk whatever the calling file's location (a compiled dist/
// file, a test runner, a bundled program).
import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let configured = false;

/** The folder holding tfjs-backend-wasm's binaries, with a trailing separator. */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/**
 * Sets the binaries' folder once, before the backend initialises. Returns
 * false when that was not possible (the backend had already started, in which
 * case its own default resolution is in use).
 */
export function configureWasmBinaries(): boolean {
  if (configured) return true;
  try {
    setWasmPaths(wasmBinaryFolder());
    configured = true;
  } catch {
    return false;
  }
  return true;
}
