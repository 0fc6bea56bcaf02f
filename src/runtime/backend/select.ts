// Chooses the tf.js backend at start: tfjs-node where it loads, else wasm
// (with Kiln's training kernels), else cpu; an explicit request overrides.
// The result says which backend runs and why, for the run header.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build registers no gradient functions; tfjs-layers' build
// registers all of them, so training and tf.grad work once it is loaded.
import '@tensorflow/tfjs-layers';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerKilnKernels } from './kiln-kernels.js';
import { configureWasmBinaries } from './wasm-binaries.js';
import { type BackendRequest } from './requests.js';
export { BACKEND_REQUESTS, type BackendRequest } from './requests.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';


export interface BackendChoice {
  /** The backend now active. */
  name: BackendName;
  /** One line for the run header, e.g. "wasm (SIMD, 1 thread): tfjs-node is not installed". */
  reason: string;
  /** What was asked for. */
  requested: BackendRequest;
  /** True when an explicit request could not be honoured and another backend runs. */
  fellBack: boolean;
}

export interface SelectBackendOptions {
  /** Turn on tf.js production mode (fewer checks, faster); default true. */
  production?: boolean;
}

interface Attempt {
  ok: boolean;
  /** Label of the backend when ok, e.g. "wasm (SIMD, 1 thread)"; else why it failed. */
  text: string;
}

/** Imported by name at run time: tfjs-node is optional and usually absent. */
const TFJS_NODE = '@tensorflow/tfjs-node';

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function tryTensorflow(): Promise<Attempt> {
  try {
    await import(TFJS_NODE);
  } catch (error) {
    return { ok: false, text: isModuleMissing(error) ? 'tfjs-node is not installed' : `tfjs-node failed to load (${firstLine(error)})` };
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    return { ok: false, text: 'tfjs-node loaded a different copy of tfjs-core' };
  }
  return (await activate('tensorflow'))
    ? { ok: true, text: 'tensorflow (tfjs-node)' }
    : { ok: false, text: 'tfjs-node failed to initialise' };
}

async function tryWasm(): Promise<Attempt> {
  configureWasmBinaries();
  registerKilnKernels();
  if (!(await activate('wasm'))) return { ok: false, text: 'wasm failed to initialise' };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = Math.max(1, getThreadsCount());
  return { ok: true, text: `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})` };
}

async function tryCpu(): Promise<Attempt> {
  return (await activate('cpu')) ? { ok: true, text: 'cpu' } : { ok: false, text: 'cpu failed to initialise' };
}

/** setBackend, with initialisation errors turned into `false`. */
async function activate(name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

const ATTEMPTS: Record<BackendName, () => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/**
 * Activates a backend and says why it was chosen. An explicit request that
 * cannot be met is not an error: the automatic order is tried and the reason
 * says so. Throws only when not even the cpu backend starts (a broken
 * install), naming every failure.
 */
export async function selectBackend(
  requested: BackendRequest,
  options: SelectBackendOptions = {},
): Promise<BackendChoice> {
  if (options.production ?? true) tf.env().set('PROD', true);
  const failures: string[] = [];
  if (requested !== 'auto') {
    const attempt = await ATTEMPTS[requested]();
    if (attempt.ok) return { name: requested, reason: `${attempt.text}: requested`, requested, fellBack: false };
    failures.push(`${requested} was requested but ${attempt.text}`);
  }
  for (const name of AUTO_ORDER) {
    if (name === requested) continue;
    const attempt = await ATTEMPTS[name]();
    if (attempt.ok) {
      const why = failures.length > 0 ? failures.join('; ') : 'the fastest available';
      return { name, reason: `${attempt.text}: ${why}`, requested, fellBack: requested !== 'auto' };
    }
    failures.push(attempt.text);
  }
  throw new Error(`no tf.js backend could start: ${failures.join('; ')}`);
}
